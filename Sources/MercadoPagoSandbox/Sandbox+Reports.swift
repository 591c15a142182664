import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The reports API (MERCADOPAGO.md §6.1) for `release_report` and `settlement_report`: configuration, creation
/// (202, or 203 with the dates to use instead), the list, the download and the schedule. Reports are made from
/// the Sandbox's own payments, so their totals agree with `/v1/payments`.
///
/// - 203: an `end_date` later than now is refused with the dates the system suggests (`begin_date` … now), as
///   Mercado Pago answers for MLA/MLM/MCO/MPE/MLU/MLC accounts (every Sandbox account is MLA).
/// - A created report is generated at once but listed only from the second `GET …/list` after its creation
///   on: callers have to poll, as with Mercado Pago, without tests having to sleep.
struct ReportRoutes: Sendable {
    let state: SandboxState
    let reports: SandboxReports

    static let kinds = ["release_report", "settlement_report"]

    func register(on api: RouterGroup<BasicRequestContext>) {
        for kind in Self.kinds {
            let base = "v1/account/\(kind)"
            api.get("\(base)/config") { request, _ in try await self.readConfig(request, kind: kind) }
            api.post("\(base)/config") { request, _ in try await self.writeConfig(request, kind: kind, create: true) }
            api.put("\(base)/config") { request, _ in try await self.writeConfig(request, kind: kind, create: false) }
            api.post(RouterPath(base)) { request, _ in try await self.create(request, kind: kind) }
            api.get("\(base)/list") { request, _ in try await self.list(request, kind: kind) }
            api.post("\(base)/schedule") { request, _ in try await self.schedule(request, kind: kind, on: true) }
            api.delete("\(base)/schedule") { request, _ in try await self.schedule(request, kind: kind, on: false) }
            api.get("\(base)/:file_name") { request, context in
                try await self.download(request, kind: kind, fileName: context.parameters.get("file_name") ?? "")
            }
        }
    }

    private func caller(_ request: Request) throws(MercadoPagoError) -> Caller {
        guard let token = AccessToken.from(request) else { throw .missingAccessToken }
        guard let caller = Caller.resolve(token: token) else { throw .invalidAccessToken }
        return caller
    }

    static let configNotFound = MercadoPagoError(
        status: .badRequest, error: "config_not_found_for_user", message: "config not found for user")

    private func readConfig(_ request: Request, kind: String) async throws -> Response {
        let caller = try caller(request)
        guard let config = await reports.config(seller: caller.sellerID, kind: kind) else { throw Self.configNotFound }
        return .json(.object(config))
    }

    private func writeConfig(_ request: Request, kind: String, create: Bool) async throws -> Response {
        let caller = try caller(request)
        guard case .object(let body) = try await MercadoPagoRoutes.jsonBody(request) else {
            throw MercadoPagoError.badRequest("the body must be a JSON object")
        }
        if let separator = body["separator"], ![";", ","].contains(separator.stringValue ?? "") {
            throw MercadoPagoError.badRequest("separator must be ',' or ';'")
        }
        let existing = await reports.config(seller: caller.sellerID, kind: kind)
        if create && existing != nil { throw MercadoPagoError.badRequest("config already exists for user") }
        guard create || existing != nil else { throw Self.configNotFound }
        var config = existing ?? Self.defaultConfig(kind: kind)
        for (key, value) in body.entries where key != "scheduled" { config[key] = value }
        await reports.setConfig(config, seller: caller.sellerID, kind: kind)
        return .json(.object(config), status: create ? .created : .ok)
    }

    static func defaultConfig(kind: String) -> JSONObject {
        let columns =
            kind == "release_report"
            ? [
                "DATE", "SOURCE_ID", "EXTERNAL_REFERENCE", "RECORD_TYPE", "DESCRIPTION", "NET_CREDIT_AMOUNT",
                "NET_DEBIT_AMOUNT", "GROSS_AMOUNT", "MP_FEE_AMOUNT", "FINANCING_FEE_AMOUNT", "SHIPPING_FEE_AMOUNT",
                "TAXES_AMOUNT", "COUPON_AMOUNT", "INSTALLMENTS", "PAYMENT_METHOD",
            ]
            : [
                "EXTERNAL_REFERENCE", "SOURCE_ID", "USER_ID", "PAYMENT_METHOD", "PAYMENT_METHOD_TYPE", "SITE",
                "TRANSACTION_TYPE", "TRANSACTION_AMOUNT", "TRANSACTION_CURRENCY", "TRANSACTION_DATE", "FEE_AMOUNT",
                "SETTLEMENT_NET_AMOUNT", "SETTLEMENT_CURRENCY", "SETTLEMENT_DATE", "INSTALLMENTS",
            ]
        return [
            "columns": .array(columns.map { ["key": .string($0)] }),
            "file_name_prefix": .string(kind == "release_report" ? "release-report" : "settlement-report"),
            "frequency": ["hour": 0, "type": "monthly", "value": 1],
            "separator": ",",
            "display_timezone": "GMT-04",
            "report_translation": "en",
            "notification_email_list": [],
            "refund_detailed": true,
            "coupon_detailed": false,
            "scheduled": false,
        ]
    }

    private func create(_ request: Request, kind: String) async throws -> Response {
        let caller = try caller(request)
        guard let config = await reports.config(seller: caller.sellerID, kind: kind) else { throw Self.configNotFound }
        let body = try await MercadoPagoRoutes.jsonBody(request)
        guard let beginText = body["begin_date"]?.stringValue, let begin = MercadoPagoDate.parse(beginText),
            let endText = body["end_date"]?.stringValue, let end = MercadoPagoDate.parse(endText)
        else {
            throw MercadoPagoError.badRequest("begin_date and end_date are required, as yyyy-MM-dd'T'HH:mm:ssZ")
        }
        guard begin < end else { throw MercadoPagoError.badRequest("begin_date must be before end_date") }
        let now = state.now()
        if end > now {
            // 203: accepted, not created; retry with the dates the system indicates.
            let suggestedEnd = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.down) * 60)
            let suggestedBegin = min(begin, suggestedEnd.addingTimeInterval(-86_400))
            return .json(
                [
                    "message": "the report was not created: end_date is in the future; use the dates below",
                    "begin_date": .string(MercadoPagoDate.format(suggestedBegin)),
                    "end_date": .string(MercadoPagoDate.format(suggestedEnd)),
                ], status: .init(code: 203, reasonPhrase: "Non-Authoritative Information"))
        }
        let payments = await state.payments(visibleTo: caller).map(\.document)
        let csv = ReportWriter(config: config, payments: payments, begin: begin, end: end).csv(kind: kind)
        let entry = await reports.add(
            seller: caller.sellerID, kind: kind, begin: begin, end: end, now: now,
            prefix: config["file_name_prefix"]?.stringValue ?? kind, csv: csv)
        return .json(.object(entry), status: .accepted)
    }

    private func list(_ request: Request, kind: String) async throws -> Response {
        let caller = try caller(request)
        return .json(.array(await reports.list(seller: caller.sellerID, kind: kind).map(JSON.object)))
    }

    private func download(_ request: Request, kind: String, fileName: String) async throws -> Response {
        let caller = try caller(request)
        guard let csv = await reports.file(seller: caller.sellerID, kind: kind, name: fileName) else {
            throw MercadoPagoError.notFound("report file not found")
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: csv)))
    }

    private func schedule(_ request: Request, kind: String, on: Bool) async throws -> Response {
        let caller = try caller(request)
        guard var config = await reports.config(seller: caller.sellerID, kind: kind) else { throw Self.configNotFound }
        config["scheduled"] = .bool(on)
        await reports.setConfig(config, seller: caller.sellerID, kind: kind)
        let now = MercadoPagoDate.format(state.now())
        return .json([
            "id": .int(Int64(caller.sellerID % 100_000) * 10 + (on ? 1 : 2)), "user_id": .int(caller.sellerID),
            "begin_date": .string(now), "end_date": .string(now), "created_from": "schedule",
            "status": .string(on ? "pending" : "deleted"),
            "report_type": .string(kind == "release_report" ? "release" : "settlement"),
            "generation_date": .string(now), "last_modified": .string(now), "retries": 0,
        ])
    }
}

/// Report configurations and files, per seller.
actor SandboxReports {
    private struct Key: Hashable {
        let seller: Int64
        let kind: String
    }

    private struct File {
        var entry: JSONObject
        var csv: String
        var listingsUntilVisible: Int
    }

    private var configs: [Key: JSONObject] = [:]
    private var files: [Key: [File]] = [:]
    private var nextID: Int64 = 1

    func config(seller: Int64, kind: String) -> JSONObject? { configs[Key(seller: seller, kind: kind)] }

    func setConfig(_ config: JSONObject, seller: Int64, kind: String) {
        configs[Key(seller: seller, kind: kind)] = config
    }

    func add(seller: Int64, kind: String, begin: Date, end: Date, now: Date, prefix: String, csv: String)
        -> JSONObject
    {
        let id = nextID
        nextID += 1
        let stamp = MercadoPagoDate.format(now).prefix(19).replacingOccurrences(of: ":", with: "-")
        let entry: JSONObject = [
            "id": .int(id), "user_id": .int(seller), "begin_date": .string(MercadoPagoDate.format(begin)),
            "end_date": .string(MercadoPagoDate.format(end)), "file_name": .string("\(prefix)-\(stamp)-\(id).csv"),
            "created_from": "manual", "date_created": .string(MercadoPagoDate.format(now)),
        ]
        files[Key(seller: seller, kind: kind), default: []].append(
            File(entry: entry, csv: csv, listingsUntilVisible: 1))
        return entry
    }

    func list(seller: Int64, kind: String) -> [JSONObject] {
        let key = Key(seller: seller, kind: kind)
        var visible: [JSONObject] = []
        for index in (files[key] ?? []).indices {
            if files[key]![index].listingsUntilVisible > 0 {
                files[key]![index].listingsUntilVisible -= 1
            } else {
                visible.append(files[key]![index].entry)
            }
        }
        return visible
    }

    func file(seller: Int64, kind: String, name: String) -> String? {
        files[Key(seller: seller, kind: kind)]?.first { $0.entry["file_name"]?.stringValue == name }?.csv
    }
}

/// Writes a report from payment documents, with the documented columns and sections (§6.3, §6.4).
struct ReportWriter {
    let config: JSONObject
    let payments: [JSONObject]
    let begin: Date
    let end: Date

    var separator: String { config["separator"]?.stringValue ?? "," }

    func csv(kind: String) -> String {
        let columns: [String] =
            config["columns"].flatMap { column -> [String]? in
                guard case .array(let items) = column else { return nil }
                return items.compactMap { $0["key"]?.stringValue }
            } ?? []
        let rows = kind == "release_report" ? releaseRows() : settlementRows()
        var out = columns.joined(separator: separator) + "\r\n"
        for row in rows {
            out += columns.map { quote(row[$0] ?? "") }.joined(separator: separator) + "\r\n"
        }
        return out
    }

    private func quote(_ field: String) -> String {
        guard field.contains(separator) || field.contains("\"") || field.contains("\n") else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func cents(_ value: JSON?) -> Int64 {
        guard let decimal = value?.decimalValue else { return 0 }
        return NSDecimalNumber(decimal: decimal * 100).int64Value
    }

    private static func money(_ cents: Int64) -> String {
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return (cents < 0 ? "-" : "") + "\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    private func date(_ payment: JSONObject, _ key: String) -> Date? {
        payment[key]?.stringValue.flatMap(MercadoPagoDate.parse)
    }

    /// Money released in the period: a `release/payment` row per payment whose `money_release_date` falls in
    /// it, a `release/refund` row per refund made in it; the initial balance is what was released before.
    func releaseRows() -> [[String: String]] {
        var initial: Int64 = 0
        var rows: [(Date, [String: String])] = []
        var credits: Int64 = 0
        var debits: Int64 = 0
        for payment in payments {
            guard let release = date(payment, "money_release_date") else { continue }
            let net = Self.cents(payment["transaction_details"]?["net_received_amount"])
            let gross = Self.cents(payment["transaction_amount"])
            let refunded = Self.cents(payment["transaction_amount_refunded"])
            let refundDate = date(payment, "date_last_updated") ?? release
            if release < begin { initial += net }
            if refunded > 0 && refundDate < begin { initial -= refunded }
            var base: [String: String] = [
                "SOURCE_ID": payment["id"].map { "\($0.int64Value ?? 0)" } ?? "",
                "EXTERNAL_REFERENCE": payment["external_reference"]?.stringValue ?? "",
                "PAYMENT_METHOD": payment["payment_method_id"]?.stringValue ?? "",
                "INSTALLMENTS": payment["installments"].map { "\($0.int64Value ?? 1)" } ?? "1",
                "FINANCING_FEE_AMOUNT": "0.00", "SHIPPING_FEE_AMOUNT": "0.00", "TAXES_AMOUNT": "0.00",
                "COUPON_AMOUNT": "0.00",
            ]
            if release >= begin && release < end && net > 0 {
                credits += net
                base["DATE"] = MercadoPagoDate.format(release)
                base["RECORD_TYPE"] = "release"
                base["DESCRIPTION"] = "payment"
                base["NET_CREDIT_AMOUNT"] = Self.money(net)
                base["NET_DEBIT_AMOUNT"] = "0.00"
                base["GROSS_AMOUNT"] = Self.money(gross)
                base["MP_FEE_AMOUNT"] = Self.money(net - gross)
                rows.append((release, base))
            }
            if refunded > 0 && refundDate >= begin && refundDate < end {
                debits += refunded
                base["DATE"] = MercadoPagoDate.format(refundDate)
                base["RECORD_TYPE"] = "release"
                base["DESCRIPTION"] = "refund"
                base["NET_CREDIT_AMOUNT"] = "0.00"
                base["NET_DEBIT_AMOUNT"] = Self.money(refunded)
                base["GROSS_AMOUNT"] = Self.money(refunded)
                base["MP_FEE_AMOUNT"] = "0.00"
                rows.append((refundDate, base))
            }
        }
        rows.sort { $0.0 < $1.0 }
        let net = credits - debits
        var out: [[String: String]] = [
            [
                "DATE": MercadoPagoDate.format(begin), "RECORD_TYPE": "initial_available_balance",
                "NET_CREDIT_AMOUNT": Self.money(max(initial, 0)), "NET_DEBIT_AMOUNT": Self.money(max(-initial, 0)),
            ],
            [
                "RECORD_TYPE": "subtotal", "NET_CREDIT_AMOUNT": Self.money(max(initial, 0)),
                "NET_DEBIT_AMOUNT": Self.money(max(-initial, 0)),
            ],
        ]
        out += rows.map(\.1)
        out.append([
            "RECORD_TYPE": "subtotal", "NET_CREDIT_AMOUNT": Self.money(max(net, 0)),
            "NET_DEBIT_AMOUNT": Self.money(max(-net, 0)),
        ])
        out.append([
            "RECORD_TYPE": "total", "NET_CREDIT_AMOUNT": Self.money(credits), "NET_DEBIT_AMOUNT": Self.money(debits),
        ])
        return out
    }

    /// Every transaction approved (or refunded) in the period, with gross, fee and net.
    func settlementRows() -> [[String: String]] {
        var rows: [(Date, [String: String])] = []
        for payment in payments {
            guard let approved = date(payment, "date_approved") else { continue }
            let gross = Self.cents(payment["transaction_amount"])
            let net = Self.cents(payment["transaction_details"]?["net_received_amount"])
            let refunded = Self.cents(payment["transaction_amount_refunded"])
            let refundDate = date(payment, "date_last_updated") ?? approved
            let release = date(payment, "money_release_date") ?? approved
            var base: [String: String] = [
                "SOURCE_ID": "\(payment["id"]?.int64Value ?? 0)",
                "EXTERNAL_REFERENCE": payment["external_reference"]?.stringValue ?? "",
                "USER_ID": "\(payment["collector_id"]?.int64Value ?? 0)",
                "PAYMENT_METHOD": payment["payment_method_id"]?.stringValue ?? "",
                "PAYMENT_METHOD_TYPE": payment["payment_type_id"]?.stringValue ?? "",
                "SITE": "MLA", "TRANSACTION_CURRENCY": "ARS", "SETTLEMENT_CURRENCY": "ARS",
                "INSTALLMENTS": "\(payment["installments"]?.int64Value ?? 1)",
            ]
            if approved >= begin && approved < end && net > 0 {
                base["TRANSACTION_TYPE"] = "SETTLEMENT"
                base["TRANSACTION_AMOUNT"] = Self.money(gross)
                base["FEE_AMOUNT"] = Self.money(net - gross)
                base["SETTLEMENT_NET_AMOUNT"] = Self.money(net)
                base["TRANSACTION_DATE"] = MercadoPagoDate.format(approved)
                base["SETTLEMENT_DATE"] = MercadoPagoDate.format(release)
                rows.append((approved, base))
            }
            if refunded > 0 && refundDate >= begin && refundDate < end {
                base["TRANSACTION_TYPE"] = "REFUND"
                base["TRANSACTION_AMOUNT"] = Self.money(-refunded)
                base["FEE_AMOUNT"] = "0.00"
                base["SETTLEMENT_NET_AMOUNT"] = Self.money(-refunded)
                base["TRANSACTION_DATE"] = MercadoPagoDate.format(refundDate)
                base["SETTLEMENT_DATE"] = MercadoPagoDate.format(refundDate)
                rows.append((refundDate, base))
            }
        }
        return rows.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
