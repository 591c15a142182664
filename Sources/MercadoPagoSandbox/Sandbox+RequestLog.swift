import Foundation
import HTTPTypes
import Hummingbird

/// Where a request's access token came from: the `Authorization: Bearer` header or, legacy, the
/// `access_token` query parameter (MERCADOPAGO.md §7).
enum AccessToken {
    static let queryParameter = "access_token"

    /// The bearer token, or the raw header when it is not a bearer one (so it fails as an invalid token).
    static func from(_ request: Request) -> String? {
        if let header = request.headers[.authorization]?.trimmingCharacters(in: .whitespaces), !header.isEmpty {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return String(parts[1]).trimmingCharacters(in: .whitespaces)
            }
            return header
        }
        guard let token = request.uri.queryParameters[Substring(queryParameter)], !token.isEmpty else { return nil }
        return String(token)
    }

    /// `APP_USR-…0233`: enough to tell tokens apart in a log, never the secret (DESIGN.md: last 4 only).
    static func masked(_ token: String) -> String {
        let prefix = ["APP_USR-", "TEST-"].first { token.hasPrefix($0) } ?? ""
        let tail = token.count > prefix.count + 8 ? String(token.suffix(4)) : ""
        return prefix + "…" + tail
    }
}

/// One line of `GET /_sandbox/requests`.
struct RequestLogEntry {
    let method: String
    let path: String
    let query: String?
    let idempotencyKey: String?
    let authorization: String?
    let at: Date

    init(_ request: Request, at date: Date) {
        method = request.method.rawValue
        path = request.uri.path
        query = request.uri.query.map(Self.maskingAccessToken)
        idempotencyKey = HTTPField.Name("X-Idempotency-Key").flatMap { request.headers[$0] }
        authorization = AccessToken.from(request).map(AccessToken.masked)
        at = date
    }

    var json: JSON {
        [
            "method": .string(method), "path": .string(path), "query": .optional(query),
            "idempotency_key": .optional(idempotencyKey), "authorization": .optional(authorization),
            "at": MercadoPagoDate.json(at),
        ]
    }

    /// The query as received, with a legacy `access_token` value masked like the header.
    private static func maskingAccessToken(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            let prefix = AccessToken.queryParameter + "="
            guard pair.hasPrefix(prefix) else { return String(pair) }
            let value =
                String(pair.dropFirst(prefix.count)).removingPercentEncoding ?? String(pair.dropFirst(prefix.count))
            return prefix + AccessToken.masked(value)
        }.joined(separator: "&")
    }
}
