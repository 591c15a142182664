public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One row of a release or settlement report, as reconciliation needs it.
public struct ReportMovement: Sendable, Hashable {
    public enum Category: String, Sendable, Hashable {
        /// Money in for a sale: a release `payment` row, a settlement `SETTLEMENT` row.
        case payment
        case refund
        case chargeback
        /// Withdrawals, payouts, fees, blocks, taxes…: not tied to an order.
        case other
        /// Initial balance, subtotal and total rows.
        case summary
    }

    public var line: Int
    public var category: Category
    /// `RECORD_TYPE/DESCRIPTION` (release) or `TRANSACTION_TYPE` (settlement), as written.
    public var type: String
    public var date: Date?
    public var sourceID: String
    public var externalReference: String
    /// The sale's amount: `GROSS_AMOUNT` (release) or `TRANSACTION_AMOUNT` (settlement).
    public var gross: ReportAmount?
    /// What reached the balance: credit − debit (release) or `SETTLEMENT_NET_AMOUNT`.
    public var net: ReportAmount

    /// Every row of a report file, classified. Malformed rows are errors naming the line.
    public static func read(path: String) throws(GoLiveError) -> (kind: ReportKind, rows: [ReportMovement]) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw GoLiveError(
                .reportUnreadable, "Cannot read the report \(path): \(String(cString: strerror(errno))).",
                remedy: "Give the path of a CSV downloaded from Mercado Pago (golive report fetch saves them).")
        }
        defer { close(fd) }
        let parser = CSVStreamParser()
        var reader = MovementReader()
        do {
            try parser.parse(fileDescriptor: fd) { try reader.consume($0, separator: parser.separator) }
        } catch {
            throw ReportSummarizer.failure(error, path: path, lenient: false)
        }
        guard let kind = reader.kind else {
            throw GoLiveError(.reportEmpty, "The report \(path) is empty: not even a header line.")
        }
        return (kind, reader.rows)
    }

    /// The same from bytes in memory.
    public static func read(bytes: some Sequence<UInt8>) throws(GoLiveError) -> (
        kind: ReportKind, rows: [ReportMovement]
    ) {
        let parser = CSVStreamParser()
        var reader = MovementReader()
        do {
            try parser.feed(bytes) { try reader.consume($0, separator: parser.separator) }
            try parser.finish { try reader.consume($0, separator: parser.separator) }
        } catch {
            throw ReportSummarizer.failure(error, path: nil, lenient: false)
        }
        guard let kind = reader.kind else { throw GoLiveError(.reportEmpty, "The report is empty.") }
        return (kind, reader.rows)
    }
}

struct MovementReader {
    var header: ReportHeader?
    var rows: [ReportMovement] = []
    var kind: ReportKind? { header?.kind }

    mutating func consume(_ record: CSVRecord, separator: UInt8?) throws {
        guard let header else {
            header = try ReportHeader(names: record.strings)
            return
        }
        guard record.count == header.names.count else {
            throw CSVSyntaxError(
                line: record.line, message: "the row has \(record.count) fields, the header \(header.names.count)")
        }
        let comma = separator == 0x3B
        func text(_ name: String) -> String { header.column(name).map { record.string($0) } ?? "" }
        func money(_ name: String) throws -> ReportAmount? {
            guard let column = header.column(name) else { return nil }
            return try amount(record, column, name, decimalComma: comma)
        }
        let date = MercadoPagoDate.parse(text(header.kind == .release ? "DATE" : "TRANSACTION_DATE"))
        switch header.kind {
        case .release:
            let recordType = text("RECORD_TYPE").lowercased()
            let description = text("DESCRIPTION").lowercased()
            let net = (try money("NET_CREDIT_AMOUNT") ?? .zero) - (try money("NET_DEBIT_AMOUNT") ?? .zero)
            let category: ReportMovement.Category =
                switch (recordType, description) {
                case ("initial_available_balance", _), ("subtotal", _), ("total", _), ("available_balance", _):
                    .summary
                case ("release", "payment"): .payment
                case ("release", "refund"): .refund
                case ("release", let text) where text.hasPrefix("chargeback") || text.hasPrefix("mediation"):
                    .chargeback
                default: .other
                }
            rows.append(
                ReportMovement(
                    line: record.line, category: category, type: "\(recordType)/\(description)", date: date,
                    sourceID: text("SOURCE_ID"), externalReference: text("EXTERNAL_REFERENCE"),
                    gross: try money("GROSS_AMOUNT"), net: net))
        case .settlement:
            let type = text("TRANSACTION_TYPE").uppercased()
            let category: ReportMovement.Category =
                switch type {
                case "SETTLEMENT": .payment
                case "REFUND": .refund
                case "CHARGEBACK", "DISPUTE": .chargeback
                default: .other
                }
            rows.append(
                ReportMovement(
                    line: record.line, category: category, type: type, date: date, sourceID: text("SOURCE_ID"),
                    externalReference: text("EXTERNAL_REFERENCE"), gross: try money("TRANSACTION_AMOUNT"),
                    net: try money("SETTLEMENT_NET_AMOUNT") ?? .zero))
        }
    }
}
