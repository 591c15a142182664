#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sums a release or settlement report while it streams past: the header decides the kind and where each
/// column is; every row is checked (field count, amounts, dates) before anything is added, so a row skipped
/// under `lenient` leaves no trace in the totals.
///
/// The state lives in a local variable captured by a non-escaping closure: the compiler then checks exclusive
/// access statically, instead of at run time on every row as it would for a class's properties.
public enum ReportSummarizer {
    public static let problemsKept = 20

    /// Reads and sums a file, 1 MiB at a time.
    public static func summarize(path: String, lenient: Bool = false) throws(GoLiveError) -> ReportSummary {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw GoLiveError(
                .reportUnreadable, "Cannot read the report \(path): \(reason).",
                remedy: "Give the path of a CSV downloaded from Mercado Pago (golive report fetch saves them).")
        }
        defer { close(fd) }
        let parser = CSVStreamParser()
        var state = SummaryState(lenient: lenient)
        if lenient { parser.collectSyntaxErrors(keeping: problemsKept) }
        do {
            try parser.parse(fileDescriptor: fd) { try state.consume($0, separator: parser.separator) }
        } catch {
            throw failure(error, path: path, lenient: lenient)
        }
        return try state.result(parser: parser)
    }

    /// Sums a report held in memory (tests, small downloads).
    public static func summarize(bytes: some Sequence<UInt8>, lenient: Bool = false) throws(GoLiveError)
        -> ReportSummary
    {
        let parser = CSVStreamParser()
        var state = SummaryState(lenient: lenient)
        if lenient { parser.collectSyntaxErrors(keeping: problemsKept) }
        do {
            try parser.feed(bytes) { try state.consume($0, separator: parser.separator) }
            try parser.finish { try state.consume($0, separator: parser.separator) }
        } catch {
            throw failure(error, path: nil, lenient: lenient)
        }
        return try state.result(parser: parser)
    }

    /// Turns whatever stopped the parse into a `GoLiveError` naming the line.
    public static func failure(_ error: any Error, path: String?, lenient: Bool) -> GoLiveError {
        let source = path.map { " \($0)" } ?? ""
        switch error {
        case let error as GoLiveError:
            return error
        case let error as CSVSyntaxError:
            return GoLiveError(
                .reportMalformed, "The report\(source) is malformed at line \(error.line): \(error.message).",
                remedy: lenient
                    ? "The file is damaged beyond one row; download it again."
                    : "Fix that line, or run with --lenient to skip malformed rows and count them.")
        case let error as CSVReadError:
            return GoLiveError(
                .reportUnreadable, "Reading the report\(source) failed: \(error).",
                remedy: "Check the file and run again.")
        default:
            return GoLiveError(.reportUnreadable, "Reading the report\(source) failed: \(error).")
        }
    }
}

/// What a summary accumulates; a value type kept in a local variable (see ``ReportSummarizer``).
struct SummaryState {
    let lenient: Bool
    var header: ReportHeader?
    var fields = 0
    var decimalComma = false
    var isRelease = false
    var release = ReleaseAccumulator()
    var settlement = SettlementAccumulator()
    var skipped = 0
    var problems: [CSVSyntaxError] = []

    init(lenient: Bool) { self.lenient = lenient }

    /// Takes the next record: the header first, then rows.
    @inline(__always)
    mutating func consume(_ record: CSVRecord, separator: UInt8?) throws {
        if fields == 0 {
            try start(record, separator: separator)
            return
        }
        do {
            guard record.count == fields else {
                throw CSVSyntaxError(
                    line: record.line,
                    message: "the row has \(record.count) field\(record.count == 1 ? "" : "s"), the header \(fields)"
                        + (record.count < fields ? " (a truncated row?)" : ""))
            }
            if isRelease {
                try release.add(record, decimalComma: decimalComma)
            } else {
                try settlement.add(record, decimalComma: decimalComma)
            }
        } catch let problem as CSVSyntaxError {
            guard lenient else { throw problem }
            skipped += 1
            if problems.count < ReportSummarizer.problemsKept { problems.append(problem) }
        }
    }

    private mutating func start(_ record: CSVRecord, separator: UInt8?) throws {
        let header = try ReportHeader(names: record.strings)
        self.header = header
        fields = header.names.count
        decimalComma = separator == 0x3B
        switch header.kind {
        case .release:
            isRelease = true
            release = ReleaseAccumulator(header: header)
        case .settlement:
            settlement = SettlementAccumulator(header: header)
        }
    }

    /// The totals, once the input is over.
    func result(parser: CSVStreamParser) throws(GoLiveError) -> ReportSummary {
        guard header != nil else {
            throw GoLiveError(
                .reportEmpty, "The report is empty: not even a header line.",
                remedy: "Download the report again; Mercado Pago may still have been writing it.")
        }
        let totals: ReportSummary.Totals
        if isRelease {
            guard !release.overflowed else { throw Self.overflow() }
            totals = .release(release.finish())
        } else {
            guard !settlement.overflowed else { throw Self.overflow() }
            totals = .settlement(settlement.finish())
        }
        // Rows refused by the parser (bad quoting) and by the sums (bad amounts), in line order.
        let all = (problems + parser.syntaxErrors).sorted { $0.line < $1.line }
        return ReportSummary(
            totals: totals, separator: Character(Unicode.Scalar(parser.separator ?? 0x2C)),
            skipped: skipped + parser.syntaxErrorCount, problems: Array(all.prefix(ReportSummarizer.problemsKept)))
    }

    static func overflow() -> GoLiveError {
        GoLiveError(
            .reportOverflow, "The report's amounts add up beyond what golive can hold exactly (±922 trillion).",
            remedy: "Check the file: no real report reaches that; it is likely corrupted.")
    }
}

// MARK: - Shared row helpers

@inline(__always)
func amount(_ record: CSVRecord, _ column: Int?, _ name: String, decimalComma: Bool) throws -> ReportAmount {
    guard let column else { return .zero }
    let bytes = record.bytes(column)
    if !record.isEscaped(column), let value = ReportAmount.parse(bytes, decimalComma: decimalComma) {
        return value
    }
    var text = record.string(column)
    if text.count > 40 { text = String(text.prefix(40)) + "…" }
    throw CSVSyntaxError(line: record.line, message: "\(name) is \"\(text)\", not a decimal amount")
}

@inline(__always)
func accumulate(_ total: inout ReportAmount, _ value: ReportAmount, _ overflowed: inout Bool) {
    let (sum, overflow) = total.units.addingReportingOverflow(value.units)
    total.units = sum
    if overflow { overflowed = true }
}

@inline(__always)
func key(_ record: CSVRecord, _ column: Int, in table: inout ByteKeyTable) -> Int {
    if record.isEscaped(column) { return table.index(of: record.string(column)) }
    return table.index(of: record.bytes(column))
}

/// `yyyy-MM-dd` at the start of a date field as yyyymmdd, 0 for an empty field, nil when it is not a date.
@inline(__always)
func dayKey(_ field: UnsafeBufferPointer<UInt8>) -> Int32? {
    if field.isEmpty { return 0 }
    guard field.count >= 10, field[4] == 0x2D, field[7] == 0x2D else { return nil }
    if field.count > 10 && field[10] != 0x54 && field[10] != 0x20 { return nil }
    @inline(__always) func digit(_ index: Int) -> Int32 {
        let value = field[index] &- 0x30
        return value < 10 ? Int32(value) : -1_000_000
    }
    let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
    let month = digit(5) * 10 + digit(6)
    let day = digit(8) * 10 + digit(9)
    guard year >= 0, (1...12).contains(month), (1...31).contains(day) else { return nil }
    return year * 10_000 + month * 100 + day
}

func formatDay(_ key: Int32) -> String {
    let year = key / 10_000
    let month = (key / 100) % 100
    let day = key % 100
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(year)-\(two(month))-\(two(day))"
}

// MARK: - Release report

struct ReleaseAccumulator {
    enum RecordType {
        case initial, release, block, unblock, fullblock, subtotal, total, availableBalance, other
    }

    let recordTypeColumn: Int
    let creditColumn: Int
    let debitColumn: Int
    let descriptionColumn: Int?
    let dateColumn: Int?
    let balanceColumn: Int?

    var balance = ReleaseBalance()
    var overflowed = false
    var recordTypes = ByteKeyTable()
    var classes: [RecordType] = []
    var typeTallies: [ReportTally] = []
    var descriptions = ByteKeyTable()
    var descriptionTallies: [ReportTally] = []
    var days: [Int32: Int] = [:]
    /// Day slots for 1970–2169 (year × 372 + month × 31 + day): no hashing per row for real dates.
    var dayIndex = [Int32](repeating: -1, count: 200 * 372)
    var dayTallies: [(key: Int32, credits: ReportAmount, debits: ReportAmount)] = []
    var lastDay: Int32 = -1
    var lastDayIndex = -1
    var sectionNet = ReportAmount.zero
    var sectionType: String?
    var totalRow: (credit: ReportAmount, debit: ReportAmount)?

    init() {
        recordTypeColumn = 0
        creditColumn = 0
        debitColumn = 0
        descriptionColumn = nil
        dateColumn = nil
        balanceColumn = nil
    }

    init(header: ReportHeader) {
        recordTypeColumn = header.column("RECORD_TYPE")!
        creditColumn = header.column("NET_CREDIT_AMOUNT")!
        debitColumn = header.column("NET_DEBIT_AMOUNT")!
        descriptionColumn = header.column("DESCRIPTION")
        dateColumn = header.column("DATE")
        balanceColumn = header.column("BALANCE_AMOUNT")
    }

    static func classify(_ name: [UInt8]) -> RecordType {
        switch String(decoding: name, as: UTF8.self).lowercased() {
        case "initial_available_balance": .initial
        case "release": .release
        case "block": .block
        case "unblock": .unblock
        case "fullblock", "full_block": .fullblock
        case "subtotal": .subtotal
        case "total": .total
        case "available_balance": .availableBalance
        default: .other
        }
    }

    mutating func add(_ record: CSVRecord, decimalComma: Bool) throws {
        // Everything that can fail first, so that a skipped row changes nothing.
        let credit = try amount(record, creditColumn, "NET_CREDIT_AMOUNT", decimalComma: decimalComma)
        let debit = try amount(record, debitColumn, "NET_DEBIT_AMOUNT", decimalComma: decimalComma)
        var day: Int32 = 0
        if let dateColumn {
            guard let parsed = dayKey(record.bytes(dateColumn)) else {
                throw CSVSyntaxError(
                    line: record.line,
                    message: "DATE is \"\(record.string(dateColumn).prefix(40))\", not yyyy-MM-ddTHH:mm:ss±hh:mm")
            }
            day = parsed
        }
        let typeIndex = key(record, recordTypeColumn, in: &recordTypes)
        if typeIndex == classes.count {
            classes.append(Self.classify(recordTypes.keys[typeIndex]))
            typeTallies.append(ReportTally())
        }
        let type = classes[typeIndex]
        var balanceAmount = ReportAmount.zero
        if type == .initial, let balanceColumn {
            balanceAmount = try amount(record, balanceColumn, "BALANCE_AMOUNT", decimalComma: decimalComma)
        }

        balance.rows += 1
        typeTallies[typeIndex].count += 1
        accumulate(&typeTallies[typeIndex].credits, credit, &overflowed)
        accumulate(&typeTallies[typeIndex].debits, debit, &overflowed)

        switch type {
        case .release, .block, .unblock, .fullblock:
            accumulate(&balance.credits, credit, &overflowed)
            accumulate(&balance.debits, debit, &overflowed)
            let net = ReportAmount(units: credit.units &- debit.units)
            accumulate(&sectionNet, net, &overflowed)
            if sectionType == nil { sectionType = recordTypes.name(typeIndex) }
            if type != .release { accumulate(&balance.held, -net, &overflowed) }
            if let descriptionColumn {
                let index = key(record, descriptionColumn, in: &descriptions)
                if index == descriptionTallies.count { descriptionTallies.append(ReportTally()) }
                descriptionTallies[index].count += 1
                accumulate(&descriptionTallies[index].credits, credit, &overflowed)
                accumulate(&descriptionTallies[index].debits, debit, &overflowed)
            }
            if day != 0 {
                if day != lastDay {
                    lastDay = day
                    let year = Int(day / 10_000) - 1970
                    let slot = year * 372 + Int((day / 100) % 100 - 1) * 31 + Int(day % 100 - 1)
                    if year >= 0 && year < 200 && dayIndex[slot] >= 0 {
                        lastDayIndex = Int(dayIndex[slot])
                    } else if let index = days[day] {
                        lastDayIndex = index
                    } else {
                        lastDayIndex = dayTallies.count
                        if year >= 0 && year < 200 {
                            dayIndex[slot] = Int32(lastDayIndex)
                        } else {
                            days[day] = lastDayIndex
                        }
                        dayTallies.append((day, .zero, .zero))
                    }
                }
                accumulate(&dayTallies[lastDayIndex].credits, credit, &overflowed)
                accumulate(&dayTallies[lastDayIndex].debits, debit, &overflowed)
            }
        case .initial:
            let net = ReportAmount(units: credit.units &- debit.units)
            let value = net == .zero ? balanceAmount : net
            accumulate(&balance.initialAvailableBalance, value, &overflowed)
            accumulate(&sectionNet, value, &overflowed)
            if sectionType == nil { sectionType = "initial_available_balance" }
        case .subtotal:
            balance.crossCheck.subtotals.append(
                .init(
                    line: record.line, section: sectionType ?? "", computed: sectionNet,
                    reported: ReportAmount(units: credit.units &- debit.units)))
            sectionNet = .zero
            sectionType = nil
        case .total:
            totalRow = (credit, debit)
        case .availableBalance:
            break
        case .other:
            balance.unclassifiedRows += 1
        }
    }

    func finish() -> ReleaseBalance {
        var result = balance
        for index in 0..<recordTypes.count { result.byRecordType[recordTypes.name(index)] = typeTallies[index] }
        for index in 0..<descriptions.count {
            result.byDescription[descriptions.name(index)] = descriptionTallies[index]
        }
        result.byDay = dayTallies.sorted { $0.key < $1.key }.map {
            ReleaseBalance.DayTally(date: formatDay($0.key), credits: $0.credits, debits: $0.debits)
        }
        let subtotalsMatch = result.crossCheck.subtotals.allSatisfy(\.matches)
        if let totalRow {
            let net = totalRow.credit - totalRow.debit
            result.crossCheck.totalRow = net
            if totalRow.credit == result.credits && totalRow.debit == result.debits
                || net == result.credits - result.debits
            {
                result.crossCheck.variant = "movements"
            } else if net == result.finalAvailableBalance {
                result.crossCheck.variant = "final_balance"
            }
            result.crossCheck.matches = result.crossCheck.variant != nil && subtotalsMatch
        } else if !result.crossCheck.subtotals.isEmpty {
            result.crossCheck.matches = subtotalsMatch
        }
        return result
    }
}

// MARK: - Settlement report

struct SettlementAccumulator {
    let typeColumn: Int
    let grossColumn: Int
    let netColumn: Int
    let feeColumn: Int?
    let methodColumn: Int?

    var summary = SettlementSummary()
    var overflowed = false
    var types = ByteKeyTable()
    var typeTallies: [SettlementTally] = []
    var methods = ByteKeyTable()
    var methodTallies: [SettlementTally] = []

    init() {
        typeColumn = 0
        grossColumn = 0
        netColumn = 0
        feeColumn = nil
        methodColumn = nil
    }

    init(header: ReportHeader) {
        typeColumn = header.column("TRANSACTION_TYPE")!
        grossColumn = header.column("TRANSACTION_AMOUNT")!
        netColumn = header.column("SETTLEMENT_NET_AMOUNT")!
        feeColumn = header.column("FEE_AMOUNT")
        methodColumn = header.column("PAYMENT_METHOD") ?? header.column("PAYMENT_METHOD_TYPE")
    }

    mutating func add(_ record: CSVRecord, decimalComma: Bool) throws {
        let gross = try amount(record, grossColumn, "TRANSACTION_AMOUNT", decimalComma: decimalComma)
        let net = try amount(record, netColumn, "SETTLEMENT_NET_AMOUNT", decimalComma: decimalComma)
        let fee = try amount(record, feeColumn, "FEE_AMOUNT", decimalComma: decimalComma)
        summary.rows += 1
        accumulate(&summary.gross, gross, &overflowed)
        accumulate(&summary.fees, fee, &overflowed)
        accumulate(&summary.net, net, &overflowed)
        let typeIndex = key(record, typeColumn, in: &types)
        if typeIndex == typeTallies.count { typeTallies.append(SettlementTally()) }
        Self.tally(&typeTallies[typeIndex], gross, fee, net, &overflowed)
        if let methodColumn {
            let index = key(record, methodColumn, in: &methods)
            if index == methodTallies.count { methodTallies.append(SettlementTally()) }
            Self.tally(&methodTallies[index], gross, fee, net, &overflowed)
        }
    }

    private static func tally(
        _ tally: inout SettlementTally, _ gross: ReportAmount, _ fee: ReportAmount, _ net: ReportAmount,
        _ overflowed: inout Bool
    ) {
        tally.count += 1
        accumulate(&tally.gross, gross, &overflowed)
        accumulate(&tally.fees, fee, &overflowed)
        accumulate(&tally.net, net, &overflowed)
    }

    func finish() -> SettlementSummary {
        var result = summary
        for index in 0..<types.count { result.byTransactionType[types.name(index)] = typeTallies[index] }
        for index in 0..<methods.count { result.byPaymentMethod[methods.name(index)] = methodTallies[index] }
        return result
    }
}
