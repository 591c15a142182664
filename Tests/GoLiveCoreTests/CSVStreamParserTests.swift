import Foundation
import GoLiveCore
import Testing

/// The streaming parser against a slow, obvious reference parser, with the input cut at every size.
@Suite struct CSVStreamParserTests {
    /// RFC 4180, one character at a time: the reference the fast parser must agree with.
    static func reference(_ text: String, separator: Character = ",") -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var index = 0
        var fieldStarted = false
        func endRecord() {
            record.append(field)
            if !(record.count == 1 && record[0].isEmpty && !fieldStarted) { records.append(record) }
            record = []
            field = ""
            fieldStarted = false
        }
        while index < chars.count {
            let char = chars[index]
            if quoted {
                if char == "\"" {
                    if index + 1 < chars.count && chars[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(char)
                }
            } else if char == "\"" && field.isEmpty {
                quoted = true
                fieldStarted = true
            } else if char == separator {
                record.append(field)
                field = ""
                fieldStarted = true
            } else if char == "\r\n" || char == "\n" {
                endRecord()
            } else {
                field.append(char)
            }
            index += 1
        }
        if !field.isEmpty || !record.isEmpty || fieldStarted { endRecord() }
        return records
    }

    static func parse(_ text: String, chunk: Int, separator: UInt8? = nil) throws -> [[String]] {
        let parser = CSVStreamParser(separator: separator, chunkSize: max(chunk, 16))
        var records: [[String]] = []
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunk, bytes.count)
            try parser.feed(bytes[offset..<end]) { records.append($0.strings) }
            offset = end
        }
        try parser.finish { records.append($0.strings) }
        return records
    }

    static let tricky = """
        \u{FEFF}DATE,SOURCE_ID,DESCRIPTION,NET_CREDIT_AMOUNT\r
        2026-11-01T10:00:00.000-04:00,1,"payment, with comma",10.00\r
        2026-11-01T10:00:00.000-04:00,2,"quote ""inside"" it",20.00\r
        2026-11-01T10:00:00.000-04:00,3,"line
        break inside",30.00\r
        \r
        2026-11-01T10:00:00.000-04:00,4,,\r
        "",5,"",""\r
        2026-11-01T10:00:00.000-04:00,6,plain,60.00
        """

    @Test func agreesWithTheReferenceAtEveryChunkSize() throws {
        let expected = Self.reference(Self.tricky)
        #expect(expected.count == 7)
        #expect(expected[3][2] == "line\nbreak inside")
        for chunk in [1, 2, 3, 5, 7, 16, 17, 64, 1000] {
            #expect(try Self.parse(Self.tricky, chunk: chunk) == expected, "chunk \(chunk)")
        }
    }

    @Test func detectsSemicolonsAndKeepsCommasInFields() throws {
        let text = "A;B;C\n1,5;\"x;y\";3\n"
        let records = try Self.parse(text, chunk: 4)
        #expect(records == [["A", "B", "C"], ["1,5", "x;y", "3"]])
    }

    @Test func reportsLineNumbersAcrossEmbeddedLineBreaks() throws {
        let parser = CSVStreamParser()
        var lines: [Int] = []
        try parser.feed(Array("H1,H2\n\"a\nb\",1\n\nx,2\n".utf8)) { lines.append($0.line) }
        try parser.finish { lines.append($0.line) }
        #expect(lines == [1, 2, 5])
    }

    @Test func anUnterminatedQuoteIsAnErrorNamingItsLine() {
        let parser = CSVStreamParser()
        #expect {
            try parser.feed(Array("A,B\n1,2\n3,\"never closed\n4,5\n".utf8)) { _ in }
            try parser.finish { _ in }
        } throws: { error in
            (error as? CSVSyntaxError)?.line == 3
        }
    }

    @Test func garbageAfterAClosingQuoteIsAnErrorOrASkippedLine() throws {
        let strict = CSVStreamParser()
        #expect(throws: CSVSyntaxError(line: 2, message: "unexpected character after a closing quote in field 1")) {
            try strict.feed(Array("A,B\n\"x\"y,1\n2,3\n".utf8)) { _ in }
        }
        let lenient = CSVStreamParser()
        var skipped: [Int] = []
        lenient.onSyntaxError = { skipped.append($0.line) }
        var records: [[String]] = []
        try lenient.feed(Array("A,B\n\"x\"y,1\n2,3\n".utf8)) { records.append($0.strings) }
        try lenient.finish { records.append($0.strings) }
        #expect(skipped == [2])
        #expect(records == [["A", "B"], ["2", "3"]])
    }

    @Test func aRecordLongerThanTheLimitStopsInsteadOfBufferingEverything() {
        let parser = CSVStreamParser(chunkSize: 1024, maxRecordBytes: 4096)
        let huge = "A\n\"" + String(repeating: "x", count: 20_000)
        #expect(throws: CSVSyntaxError.self) {
            try parser.feed(Array(huge.utf8)) { _ in }
            try parser.finish { _ in }
        }
    }

    @Test func randomDocumentsAgreeWithTheReference() throws {
        var generator = CSVFuzzRandom(seed: 42)
        let alphabet: [String] = ["a", "b", "7", ".", ",", "\"", "\n", "\r\n", " ", "ñ", ";"]
        for _ in 0..<300 {
            var lines: [String] = []
            let fields = Int(generator.next() % 4) + 1
            for _ in 0..<Int(generator.next() % 6 + 1) {
                var row: [String] = []
                for _ in 0..<fields {
                    var field = ""
                    for _ in 0..<Int(generator.next() % 6) { field += alphabet[Int(generator.next() % 11)] }
                    let needsQuotes = field.contains(",") || field.contains("\"") || field.contains("\n")
                    row.append(needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field)
                }
                lines.append(row.joined(separator: ","))
            }
            let text = lines.joined(separator: generator.next() % 2 == 0 ? "\n" : "\r\n")
            let chunk = Int(generator.next() % 9) + 1
            #expect(
                try Self.parse(text, chunk: chunk, separator: 0x2C) == Self.reference(text), "\(text.debugDescription)")
        }
    }
}

private struct CSVFuzzRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
