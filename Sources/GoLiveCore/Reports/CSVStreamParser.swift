#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A malformed CSV record: what is wrong and on which line (1-based, counting every physical line).
public struct CSVSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

/// One record, valid only inside the closure that receives it: its fields point into the parser's buffer.
///
/// Field bytes are handed out without copying; only ``string(_:)`` allocates, and only it undoes the `""`
/// escape (a quoted field that had none is a plain slice).
public struct CSVRecord {
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let starts: UnsafePointer<Int>
    @usableFromInline let ends: UnsafePointer<Int>
    @usableFromInline let escaped: UnsafePointer<Bool>
    /// The number of fields.
    public let count: Int
    /// The line the record starts on (1-based).
    public let line: Int

    @usableFromInline init(
        base: UnsafePointer<UInt8>, starts: UnsafePointer<Int>, ends: UnsafePointer<Int>,
        escaped: UnsafePointer<Bool>, count: Int, line: Int
    ) {
        self.base = base
        self.starts = starts
        self.ends = ends
        self.escaped = escaped
        self.count = count
        self.line = line
    }

    /// The raw bytes of field `index` (quotes removed; a doubled `""` still doubled when ``isEscaped(_:)``).
    @inlinable @inline(__always)
    public func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + starts[index], count: ends[index] - starts[index])
    }

    /// Whether field `index` was quoted and contains a doubled quote.
    @inlinable @inline(__always)
    public func isEscaped(_ index: Int) -> Bool { escaped[index] }

    /// Field `index` as text, unescaped. Invalid UTF-8 is repaired with U+FFFD.
    public func string(_ index: Int) -> String {
        let raw = bytes(index)
        guard isEscaped(index) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            out.append(raw[i])
            i += raw[i] == 0x22 && i + 1 < raw.count && raw[i + 1] == 0x22 ? 2 : 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Every field as text.
    public var strings: [String] { (0..<count).map(string) }
}

/// A byte-level, streaming RFC 4180 reader: `,` or `;` (detected from the first line when not given), quoted
/// fields with `""`, separators and line breaks inside quotes, CRLF or LF, a UTF-8 BOM, blank lines skipped.
///
/// Memory stays flat: input arrives in chunks (a file read 1 MiB at a time, or a download fed piece by
/// piece) and only an unfinished record is carried over. A record longer than ``maxRecordBytes`` (an
/// unterminated quote, usually) is an error rather than a reason to buffer the rest of the file.
public final class CSVStreamParser {
    public typealias RecordHandler = (CSVRecord) throws -> Void

    /// The separator, once known (given, or detected from the first line).
    public private(set) var separator: UInt8?
    /// Called for a malformed record instead of throwing (the record is skipped up to the next line break).
    public var onSyntaxError: ((CSVSyntaxError) throws -> Void)?
    /// With ``collectSyntaxErrors(keeping:)``: malformed records skipped, and the first few of them.
    public private(set) var syntaxErrorCount = 0
    public private(set) var syntaxErrors: [CSVSyntaxError] = []
    private var collecting: Int?
    public let maxRecordBytes: Int
    public let chunkSize: Int

    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var count = 0
    private var line = 1
    private var sawStart = false
    private var finished = false

    private var fieldCapacity = 64
    private var starts: UnsafeMutablePointer<Int>
    private var ends: UnsafeMutablePointer<Int>
    private var escaped: UnsafeMutablePointer<Bool>
    public static let maxFields = 8_192

    public init(separator: UInt8? = nil, chunkSize: Int = 1 << 20, maxRecordBytes: Int = 8 << 20) {
        self.separator = separator
        self.chunkSize = chunkSize
        self.maxRecordBytes = max(maxRecordBytes, 1024)
        capacity = chunkSize * 2
        buffer = .allocate(capacity: capacity)
        starts = .allocate(capacity: fieldCapacity)
        ends = .allocate(capacity: fieldCapacity)
        escaped = .allocate(capacity: fieldCapacity)
    }

    deinit {
        buffer.deallocate()
        starts.deallocate()
        ends.deallocate()
        escaped.deallocate()
    }

    /// Skips malformed records instead of throwing, counting them and keeping the first `limit`.
    public func collectSyntaxErrors(keeping limit: Int) { collecting = limit }

    // MARK: Input

    /// Reads a whole file descriptor to its end, `chunkSize` bytes at a time.
    public func parse(fileDescriptor fd: Int32, _ body: RecordHandler) throws {
        while true {
            try makeRoom()
            let n = read(fd, buffer + count, min(chunkSize, capacity - count))
            if n < 0 {
                if errno == EINTR { continue }
                throw CSVReadError(errno: errno)
            }
            if n == 0 { break }
            count += n
            try process(eof: false, body)
        }
        try finish(body)
    }

    /// Feeds the next piece of the input (any size, cut anywhere).
    public func feed(_ bytes: UnsafeRawBufferPointer, _ body: RecordHandler) throws {
        var offset = 0
        while offset < bytes.count {
            try makeRoom()
            let n = min(bytes.count - offset, capacity - count)
            (buffer + count).update(from: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + offset, count: n)
            count += n
            offset += n
            try process(eof: false, body)
        }
    }

    public func feed(_ bytes: some Sequence<UInt8>, _ body: RecordHandler) throws {
        let array = Array(bytes)
        try array.withUnsafeBytes { try feed($0, body) }
    }

    /// The input is over: the last record (with or without a final line break) is delivered.
    public func finish(_ body: RecordHandler) throws {
        guard !finished else { return }
        finished = true
        try process(eof: true, body)
    }

    /// Moves an unfinished record to the front, and grows the buffer when that record fills it.
    private func makeRoom() throws {
        if start > 0 {
            let remaining = count - start
            if remaining > 0 { buffer.update(from: buffer + start, count: remaining) }
            count = remaining
            start = 0
        }
        if capacity - count < chunkSize / 2 {
            guard capacity < maxRecordBytes + chunkSize else {
                throw CSVSyntaxError(
                    line: line,
                    message:
                        "a record longer than \(maxRecordBytes >> 20) MiB starts here (probably a quote that is never closed)"
                )
            }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            grown.update(from: buffer, count: count)
            buffer.deallocate()
            buffer = grown
            capacity *= 2
        }
    }

    private func growFields() throws {
        guard fieldCapacity < Self.maxFields else {
            throw CSVSyntaxError(line: line, message: "more than \(Self.maxFields) fields in one record")
        }
        let newCapacity = fieldCapacity * 2
        let newStarts = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        let newEnds = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        let newEscaped = UnsafeMutablePointer<Bool>.allocate(capacity: newCapacity)
        newStarts.update(from: starts, count: fieldCapacity)
        newEnds.update(from: ends, count: fieldCapacity)
        newEscaped.update(from: escaped, count: fieldCapacity)
        starts.deallocate()
        ends.deallocate()
        escaped.deallocate()
        starts = newStarts
        ends = newEnds
        escaped = newEscaped
        fieldCapacity = newCapacity
    }

    // MARK: Records

    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D
    private static let quote: UInt8 = 0x22

    private func process(eof: Bool, _ body: RecordHandler) throws {
        if !sawStart {
            // The BOM and the separator are decided on the first bytes; wait until they are there.
            if count - start < 3 && !eof { return }
            if count - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF {
                start += 3
            }
            if separator == nil {
                guard let detected = detectSeparator(eof: eof) else { return }
                separator = detected
            }
            sawStart = true
        }
        let sep = separator!
        while start < count {
            let p = start
            let remaining = count - p
            let newline = memchr(buffer + p, Int32(Self.lf), remaining).map {
                $0.assumingMemoryBound(to: UInt8.self) - buffer
            }
            if newline == nil && !eof { return }
            let lineEnd = newline ?? count
            if memchr(buffer + p, Int32(Self.quote), lineEnd - p) == nil {
                var contentEnd = lineEnd
                if contentEnd > p && buffer[contentEnd - 1] == Self.cr { contentEnd -= 1 }
                start = newline.map { $0 + 1 } ?? count
                if contentEnd == p {
                    line += 1
                    continue
                }
                try splitPlain(from: p, to: contentEnd, separator: sep)
                try emitFields(body)
                line += 1
                continue
            }
            // A line with a quote: the full state machine, which may run across line breaks.
            switch try parseQuoted(from: p, separator: sep, eof: eof) {
            case .needMore:
                return
            case .record(let fields, let next, let lines):
                start = next
                try deliver(fields: fields, body)
                line += lines
            case .malformed(let error, let next, let lines):
                start = next
                line += lines
                if let limit = collecting {
                    syntaxErrorCount += 1
                    if syntaxErrors.count < limit { syntaxErrors.append(error) }
                    continue
                }
                guard let onSyntaxError else { throw error }
                try onSyntaxError(error)
            }
        }
    }

    private var fieldCount = 0

    @inline(__always)
    private func splitPlain(from begin: Int, to end: Int, separator sep: UInt8) throws {
        var fields = 0
        var fieldStart = begin
        var i = begin
        // Locals, so the loop does not reload the class's properties on every byte.
        let bytes = buffer
        var starts = self.starts
        var ends = self.ends
        var escaped = self.escaped
        var capacity = fieldCapacity
        while i < end {
            if bytes[i] == sep {
                if fields == capacity {
                    try growFields()
                    (starts, ends, escaped, capacity) = (self.starts, self.ends, self.escaped, fieldCapacity)
                }
                starts[fields] = fieldStart
                ends[fields] = i
                escaped[fields] = false
                fields += 1
                fieldStart = i + 1
            }
            i += 1
        }
        if fields == fieldCapacity { try growFields() }
        starts[fields] = fieldStart
        ends[fields] = end
        escaped[fields] = false
        fieldCount = fields + 1
    }

    @inline(__always)
    private func emitFields(_ body: RecordHandler) throws {
        let record = CSVRecord(
            base: buffer, starts: starts, ends: ends, escaped: escaped, count: fieldCount, line: line)
        try body(record)
    }

    private func deliver(fields: Int, _ body: RecordHandler) throws {
        // Blank lines never get here: they have no quote, so the fast path skips them.
        fieldCount = fields
        try emitFields(body)
    }

    private enum QuotedOutcome {
        case needMore
        case record(fields: Int, next: Int, lines: Int)
        case malformed(CSVSyntaxError, next: Int, lines: Int)
    }

    /// The RFC 4180 state machine for a record with quotes. `lines` counts the line breaks consumed.
    private func parseQuoted(from begin: Int, separator sep: UInt8, eof: Bool) throws -> QuotedOutcome {
        var i = begin
        var fields = 0
        var breaks = 0
        while true {
            if fields == fieldCapacity { try growFields() }
            if i < count && buffer[i] == Self.quote {
                let quoteLine = line + breaks
                i += 1
                let contentStart = i
                var hasEscape = false
                while true {
                    if i >= count {
                        if !eof { return .needMore }
                        return .malformed(
                            CSVSyntaxError(
                                line: quoteLine, message: "a quoted field is never closed (the file ends inside it)"),
                            next: count, lines: breaks)
                    }
                    let byte = buffer[i]
                    if byte == Self.quote {
                        if i + 1 >= count && !eof { return .needMore }
                        if i + 1 < count && buffer[i + 1] == Self.quote {
                            hasEscape = true
                            i += 2
                            continue
                        }
                        break
                    }
                    if byte == Self.lf { breaks += 1 }
                    i += 1
                }
                starts[fields] = contentStart
                ends[fields] = i
                escaped[fields] = hasEscape
                fields += 1
                i += 1  // the closing quote
                if i >= count {
                    if !eof { return .needMore }
                    return .record(fields: fields, next: count, lines: breaks + 1)
                }
                let after = buffer[i]
                if after == sep {
                    i += 1
                    continue
                }
                if after == Self.lf { return .record(fields: fields, next: i + 1, lines: breaks + 1) }
                if after == Self.cr {
                    if i + 1 >= count && !eof { return .needMore }
                    if i + 1 >= count { return .record(fields: fields, next: count, lines: breaks + 1) }
                    if buffer[i + 1] == Self.lf { return .record(fields: fields, next: i + 2, lines: breaks + 1) }
                }
                return try skipMalformed(
                    from: i, eof: eof, breaks: breaks,
                    message: "unexpected character after a closing quote in field \(fields)")
            }
            // An unquoted field: up to the separator or the line break. A stray quote inside is kept as text.
            let fieldStart = i
            while i < count {
                let byte = buffer[i]
                if byte == sep || byte == Self.lf { break }
                i += 1
            }
            if i >= count && !eof { return .needMore }
            var fieldEnd = i
            let atEnd = i >= count || buffer[i] == Self.lf
            if atEnd && fieldEnd > fieldStart && buffer[fieldEnd - 1] == Self.cr { fieldEnd -= 1 }
            starts[fields] = fieldStart
            ends[fields] = fieldEnd
            escaped[fields] = false
            fields += 1
            if atEnd { return .record(fields: fields, next: min(i + 1, count), lines: breaks + 1) }
            i += 1  // the separator
        }
    }

    private func skipMalformed(from position: Int, eof: Bool, breaks: Int, message: String) throws -> QuotedOutcome {
        let error = CSVSyntaxError(line: line + breaks, message: message)
        guard let newline = memchr(buffer + position, Int32(Self.lf), count - position) else {
            if !eof { return .needMore }
            return .malformed(error, next: count, lines: breaks + 1)
        }
        let next = newline.assumingMemoryBound(to: UInt8.self) - buffer + 1
        return .malformed(error, next: next, lines: breaks + 1)
    }

    /// `;` when the first line has more semicolons than commas outside quotes, else `,`.
    private func detectSeparator(eof: Bool) -> UInt8? {
        var commas = 0
        var semicolons = 0
        var quoted = false
        var i = start
        while i < count {
            let byte = buffer[i]
            if byte == Self.quote {
                quoted.toggle()
            } else if !quoted {
                if byte == Self.lf { break }
                if byte == 0x2C { commas += 1 }
                if byte == 0x3B { semicolons += 1 }
            }
            i += 1
        }
        if i >= count && !eof { return nil }
        return semicolons > commas ? 0x3B : 0x2C
    }
}

/// Reading the input failed (not a CSV problem).
public struct CSVReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public let errno: Int32
    public var description: String { String(cString: strerror(errno)) }
}
