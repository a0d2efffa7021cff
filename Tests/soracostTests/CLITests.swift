import Testing
@Suite struct CLITests {
    @Test func placeholder() { #expect(1 + 1 == 2) }
}
