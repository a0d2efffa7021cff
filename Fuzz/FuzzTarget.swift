// The libFuzzer entry point for `make fuzz` (scripts/fuzz.sh): compiled together with the kit's
// sources into one module, so it reaches the internal readers. Not part of the SwiftPM package.
//
// Each input goes through every import-side reader: the JSON parser (whole, and cutting prompts),
// the Python-repr reader, and the record parser line by line in each format (detected, JSON
// Lines, one document, CSV), with and without prompts kept, as `soracost import` feeds it.

@_cdecl("LLVMFuzzerTestOneInput")
public func soracostFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    _ = try? JSONValue.parse(bytes)
    var cutting = JSONParser(bytes: bytes)
    cutting.cutKey = Array("prompt".utf8)
    if (try? cutting.parseDocument()) != nil {
        // Every value read in place and built, as the record parser and `JSONValue` read them.
        _ = cutting.withTape { tape in JSONRef(tape: tape, index: 0).wholeValue }
        _ = cutting.textWithoutCuts()
    }
    _ = try? PythonRepr.printed(in: bytes, before: bytes.count)
    _ = UTF8Check.firstInvalidOffset(bytes)
    var splitter = CSVRecordSplitter()
    for keep in [false, true] {
        for (name, format) in [("fuzz.log", nil), ("fuzz.jsonl", InputFormat.jsonl), ("fuzz.json", .json),
                               ("fuzz.csv", .csv), ("fuzz.json", nil)] as [(String, InputFormat?)] {
            var parser = RecordParser(decoder: RecordDecoder(keepPrompts: keep), displayPath: name, format: format,
                                      resumable: true, csvHeader: nil)
            var line = 0
            var start = 0
            while start <= size {
                var end = start
                while end < size, bytes[end] != 0x0A { end += 1 }
                let piece = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                line += 1
                if format == .csv && !keep { _ = splitter.feed(piece) }
                if parser.feed(piece, line: line, terminated: end < size) == .stop { break }
                start = end + 1
            }
            parser.finish()
            _ = parser.drain()
        }
    }
    return 0
}
