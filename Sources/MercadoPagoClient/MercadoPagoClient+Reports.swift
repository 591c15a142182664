import AsyncHTTPClient
public import Foundation
public import GoLiveCore
import NIOCore
import NIOHTTP1

extension MercadoPagoClient: ReportsGateway {
    static func reportPath(_ type: ReportType, _ suffix: String = "") -> String {
        "/v1/account/\(type.rawValue)\(suffix)"
    }

    public func reportConfig(_ type: ReportType) async throws(MercadoPagoError) -> JSONValue? {
        do {
            return try await send(.GET, path: Self.reportPath(type, "/config"))
        } catch {
            if error.kind == .notFound || error.apiError == "config_not_found_for_user" { return nil }
            throw error
        }
    }

    public func saveReportConfig(_ type: ReportType, _ config: JSONValue, create: Bool) async throws(MercadoPagoError)
        -> JSONValue
    {
        try await send(create ? .POST : .PUT, path: Self.reportPath(type, "/config"), body: config.encoded())
    }

    public func createReport(_ type: ReportType, begin: Date, end: Date) async throws(MercadoPagoError)
        -> ReportCreation
    {
        let path = Self.reportPath(type)
        let body: JSONValue = [
            "begin_date": .string(Self.reportDate(begin)), "end_date": .string(Self.reportDate(end)),
        ]
        let answer = try await once(.POST, path: path, body: body.encoded())
        let json = (try? JSONValue.parse(answer.body)) ?? .null
        switch answer.status {
        case 203:
            return .retry(begin: json["begin_date"].date, end: json["end_date"].date, message: json["message"].string)
        case 200..<300:
            return .accepted(ReportFileEntry(json: json))
        default:
            throw MercadoPagoError.fromResponse(
                status: answer.status, body: answer.body, endpoint: "POST \(path)", attempts: 1)
        }
    }

    public func listReports(_ type: ReportType) async throws(MercadoPagoError) -> [ReportFileEntry] {
        let json = try await send(.GET, path: Self.reportPath(type, "/list"))
        return json.array.compactMap(ReportFileEntry.init(json:))
    }

    public func downloadReport(_ type: ReportType, fileName: String, to destination: URL) async throws(MercadoPagoError)
        -> Int64
    {
        let path = Self.reportPath(type, "/\(Self.pathComponent(fileName))")
        let endpoint = "GET \(path)"
        let partial = destination.appendingPathExtension("part")
        do {
            var request = HTTPClientRequest(url: Self.url(base: configuration.baseURL, path: path, query: []))
            request.method = .GET
            request.headers.add(name: "Authorization", value: "Bearer \(configuration.accessToken.exposedForTransport)")
            request.headers.add(name: "Accept", value: "text/csv")
            request.headers.add(name: "User-Agent", value: Self.userAgent)
            // A report can be large: the whole transfer gets ten times the request timeout.
            let response = try await httpClient.execute(request, timeout: .init(configuration.requestTimeout * 10))
            guard response.status == .ok else {
                let body = try await response.body.collect(upTo: 1 << 20)
                throw MercadoPagoError.fromResponse(
                    status: Int(response.status.code), body: Data(body.readableBytesView), endpoint: endpoint,
                    attempts: 1)
            }
            _ = FileManager.default.createFile(atPath: partial.path, contents: nil)
            let handle = try FileHandle(forWritingTo: partial)
            var written: Int64 = 0
            do {
                for try await chunk in response.body {
                    try chunk.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
                    written += Int64(chunk.readableBytes)
                }
                try handle.synchronize()
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
            if FileManager.default.fileExists(atPath: destination.path) {
                try FileManager.default.removeItem(at: destination)
            }
            try FileManager.default.moveItem(at: partial, to: destination)
            return written
        } catch let error as MercadoPagoError {
            try? FileManager.default.removeItem(at: partial)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: partial)
            if error is CocoaError || error is POSIXError {
                throw MercadoPagoError(
                    kind: .unexpectedStatus, endpoint: endpoint, attempts: 1,
                    detail: "could not write \(destination.path): \(error.localizedDescription)")
            }
            throw Self.transportError(error, endpoint: endpoint, attempts: 1)
        }
    }

    public func setReportSchedule(_ type: ReportType, enabled: Bool) async throws(MercadoPagoError) -> JSONValue {
        try await send(enabled ? .POST : .DELETE, path: Self.reportPath(type, "/schedule"))
    }

    /// One request, no retry (a report creation must not be repeated behind the caller's back), any status.
    private func once(_ method: HTTPMethod, path: String, body: Data?) async throws(MercadoPagoError) -> Answer {
        let endpoint = "\(method.rawValue) \(path)"
        do {
            return try await perform(
                method, url: Self.url(base: configuration.baseURL, path: path, query: []), body: body,
                idempotencyKey: nil)
        } catch {
            throw Self.transportError(error, endpoint: endpoint, attempts: 1)
        }
    }

    /// `2019-05-01T00:00:00Z`, as the reports API's examples write dates.
    static func reportDate(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
    }
}
