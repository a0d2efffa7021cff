import Foundation
import Testing

/// The HTML review opened in a real headless browser: Chromium from Debian's packages, installed
/// by scripts/html-screenshot.sh when missing. Skips, saying so, only when it cannot be installed.
@Suite struct HTMLReviewBrowserTests {
    @Test func chromiumRendersTheReviewAndItsChart() throws {
        let scratch = try Scratch()
        let root = SampleReportsTests.root
        let db = scratch.file("ledger.sqlite")
        let fixtures = root.appendingPathComponent("Fixtures")
        let imported = try Soracost.run(["import", "-q", "--db", db, fixtures.appendingPathComponent("logs").path,
                                         fixtures.appendingPathComponent("api-pages").path])
        #expect(imported.status == 1, "\(imported.stderr)")
        let page = scratch.file("review.html")
        let review = try Soracost.run(["report", "monthly", "--db", db, "--month", "2026-09", "--as-of", "2026-09-30",
                                       "--rates", fixtures.appendingPathComponent("rates/company.json").path,
                                       "--format", "html", "-o", page])
        #expect(review.status == 0, "\(review.stderr)")

        let png = scratch.file("review.png")
        let dom = scratch.file("dom.html")
        let script = Process()
        script.executableURL = root.appendingPathComponent("scripts/html-screenshot.sh")
        script.arguments = [page, png, dom]
        script.standardOutput = FileHandle.nullDevice
        try script.run()
        script.waitUntilExit()
        if script.terminationStatus == 77 {
            print("HTMLReviewBrowserTests: skipped: chromium is not installed and could not be installed from Debian's packages")
            return
        }
        #expect(script.terminationStatus == 0)

        // The browser built the chart: the DOM it rendered holds the SVG with its bar segments.
        let rendered = try String(contentsOfFile: dom, encoding: .utf8)
        #expect(rendered.contains("<svg"))
        #expect(rendered.components(separatedBy: "class=\"seg\"").count > 20)
        // A real screenshot: a PNG, far larger than a blank page of that size compresses to.
        let image = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(image.count > 50_000, "screenshot is only \(image.count) bytes")
    }
}
