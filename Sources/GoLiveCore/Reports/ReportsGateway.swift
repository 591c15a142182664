public import Foundation

/// Mercado Pago's two reports, by their API names (MERCADOPAGO.md §6).
public enum ReportType: String, Sendable, Hashable, CaseIterable {
    case release = "release_report"
    case settlement = "settlement_report"

    public var kind: ReportKind { self == .release ? .release : .settlement }

    public init?(option: String) {
        switch option.lowercased() {
        case "release", "release_report": self = .release
        case "settlement", "settlement_report": self = .settlement
        default: return nil
        }
    }
}

/// One entry of `GET /v1/account/{type}/list`.
public struct ReportFileEntry: Sendable, Hashable {
    public var id: Int64?
    public var fileName: String
    public var beginDate: Date?
    public var endDate: Date?
    public var createdFrom: String?
    public var dateCreated: Date?

    public init(
        id: Int64?, fileName: String, beginDate: Date?, endDate: Date?, createdFrom: String?, dateCreated: Date?
    ) {
        self.id = id
        self.fileName = fileName
        self.beginDate = beginDate
        self.endDate = endDate
        self.createdFrom = createdFrom
        self.dateCreated = dateCreated
    }

    public init?(json: JSONValue) {
        guard let fileName = json["file_name"].string, !fileName.isEmpty else { return nil }
        self.init(
            id: json["id"].int64, fileName: fileName, beginDate: json["begin_date"].date,
            endDate: json["end_date"].date, createdFrom: json["created_from"].string,
            dateCreated: json["date_created"].date)
    }
}

/// What `POST /v1/account/{type}` answered.
public enum ReportCreation: Sendable, Hashable {
    /// 202: generation started; the entry when the answer carried one.
    case accepted(ReportFileEntry?)
    /// 203: not created; Mercado Pago says which dates to ask for instead.
    case retry(begin: Date?, end: Date?, message: String?)
}

/// The reports API for one access token; `MercadoPagoClient` implements it, the Sandbox serves it.
public protocol ReportsGateway: Sendable {
    /// `GET …/config`; nil when the seller has none (`config_not_found_for_user`, or 404).
    func reportConfig(_ type: ReportType) async throws(MercadoPagoError) -> JSONValue?
    /// `POST …/config` (create) or `PUT …/config` (update).
    func saveReportConfig(_ type: ReportType, _ config: JSONValue, create: Bool) async throws(MercadoPagoError)
        -> JSONValue
    /// `POST …` with `begin_date`/`end_date`.
    func createReport(_ type: ReportType, begin: Date, end: Date) async throws(MercadoPagoError) -> ReportCreation
    /// `GET …/list`.
    func listReports(_ type: ReportType) async throws(MercadoPagoError) -> [ReportFileEntry]
    /// `GET …/{file_name}`, streamed to `destination` (written to a temporary name, then renamed); the bytes.
    func downloadReport(_ type: ReportType, fileName: String, to destination: URL) async throws(MercadoPagoError)
        -> Int64
    /// `POST …/schedule` (on) or `DELETE …/schedule` (off).
    func setReportSchedule(_ type: ReportType, enabled: Bool) async throws(MercadoPagoError) -> JSONValue
}
