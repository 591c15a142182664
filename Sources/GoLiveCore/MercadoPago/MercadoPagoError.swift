public import Foundation

/// A failed call to Mercado Pago, typed from its error document (`message`, `error`, `status`, `cause[]`,
/// MERCADOPAGO.md §7) or from the transport, with a text that says what to do.
public struct MercadoPagoError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// 401: the token is invalid, revoked, or (cause 7) production credentials not activated.
        case unauthorized
        case forbidden
        case notFound = "not_found"
        case badRequest = "bad_request"
        /// 409/423: an idempotency or state conflict.
        case conflict
        case rateLimited = "rate_limited"
        case serverError = "server_error"
        /// The connection or the whole request took longer than allowed.
        case timeout
        /// DNS, refused connection, TLS failure: the API could not be reached.
        case unreachable
        /// The API answered something that is not the JSON it documents.
        case malformedResponse = "malformed_response"
        case unexpectedStatus = "unexpected_status"
    }

    public struct Cause: Sendable, Hashable, Codable {
        public let code: String
        public let description: String?

        public init(code: String, description: String?) {
            self.code = code
            self.description = description
        }
    }

    public let kind: Kind
    /// The HTTP method and path called (no query, no token).
    public let endpoint: String
    public let httpStatus: Int?
    /// Mercado Pago's `error` field (`unauthorized`, `not_found`…).
    public let apiError: String?
    /// Mercado Pago's `message` field.
    public let apiMessage: String?
    public let causes: [Cause]
    /// How many requests were made in all, retries included.
    public let attempts: Int
    /// Transport detail for `timeout`/`unreachable` (e.g. "connection refused").
    public let detail: String?

    public init(
        kind: Kind, endpoint: String, httpStatus: Int? = nil, apiError: String? = nil, apiMessage: String? = nil,
        causes: [Cause] = [], attempts: Int = 1, detail: String? = nil
    ) {
        self.kind = kind
        self.endpoint = endpoint
        self.httpStatus = httpStatus
        self.apiError = apiError
        self.apiMessage = apiMessage
        self.causes = causes
        self.attempts = attempts
        self.detail = detail
    }

    /// Builds the error from a non-2xx answer, reading Mercado Pago's error document when there is one.
    public static func fromResponse(status: Int, body: Data, endpoint: String, attempts: Int) -> MercadoPagoError {
        let document = try? JSONValue.parse(body)
        let causes: [Cause] = (document?["cause"].array ?? []).compactMap { cause in
            guard let code = cause["code"].string else { return nil }
            return Cause(code: code, description: cause["description"].string)
        }
        return MercadoPagoError(
            kind: kind(forStatus: status), endpoint: endpoint, httpStatus: status,
            apiError: document?["error"].string, apiMessage: document?["message"].string, causes: causes,
            attempts: attempts,
            detail: document == nil ? "body was not Mercado Pago's error document" : nil)
    }

    public static func kind(forStatus status: Int) -> Kind {
        switch status {
        case 400, 422: .badRequest
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 409, 423: .conflict
        case 429: .rateLimited
        case 500...599: .serverError
        default: .unexpectedStatus
        }
    }

    public func hasCause(_ code: String) -> Bool { causes.contains { $0.code == code } }

    /// Cause 7, "Unauthorized use of live credentials": production credentials that are not activated yet,
    /// or a public key and access token from different accounts (MERCADOPAGO.md §1.6).
    /// Read from the cause code, or from the documented message when a server omits the cause list.
    public var isUnactivatedLiveCredentials: Bool {
        guard kind == .unauthorized else { return false }
        if hasCause("7") { return true }
        let texts = [apiMessage] + causes.map(\.description)
        return texts.contains { $0?.lowercased().contains("unauthorized use of live credentials") == true }
    }

    /// What to do about it, in one sentence.
    public var remedy: String {
        switch kind {
        case .unauthorized where isUnactivatedLiveCredentials:
            "Activate the production credentials in Your integrations > (your app) > Production credentials > "
                + "Activate credentials (industry and website are required), then check again."
        case .unauthorized:
            "Mercado Pago rejected the access token: copy it again from Your integrations > (your app) > "
                + "Production credentials (it may have been renewed), and set MP_ACCESS_TOKEN or MP_ACCESS_TOKEN_FILE."
        case .forbidden:
            "The token lacks permission for \(endpoint): use the seller's own access token or re-authorize the app."
        case .notFound:
            "Check the id: it does not exist for this seller (a resource of another account is also not found)."
        case .badRequest:
            "Mercado Pago refused the request's parameters; the causes above say which."
        case .conflict:
            "Another request with the same idempotency key is in progress or finished differently; retry later "
                + "with the same key, or use a new key for a new operation."
        case .rateLimited:
            "Mercado Pago is rate limiting this token; golive already backed off and retried. Try again in a minute."
        case .serverError:
            "Mercado Pago had an internal error; golive retried. Try again later and check Mercado Pago's status page."
        case .timeout:
            "Mercado Pago did not answer in time: check the network from this machine, or raise the timeout."
        case .unreachable:
            "Mercado Pago could not be reached: check DNS, proxy and firewall, or the --api-base / MP_API_BASE URL."
        case .malformedResponse:
            "The API answered something that is not Mercado Pago's JSON: check that --api-base points at "
                + "Mercado Pago (or a server speaking its API), not a proxy error page."
        case .unexpectedStatus:
            "Unexpected answer from Mercado Pago: check --api-base and try again."
        }
    }

    /// What went wrong in a few words: status, Mercado Pago's message, cause codes, transport detail.
    public var reason: String {
        var parts: [String] = []
        if let httpStatus { parts.append("HTTP \(httpStatus)") }
        if let message = apiMessage ?? apiError { parts.append(message) }
        let causeTexts = causes.map { cause in
            // The description often repeats the message; keep it only when it adds something.
            guard let text = cause.description, text != apiMessage else { return cause.code }
            return "\(cause.code) (\(text))"
        }
        if !causeTexts.isEmpty { parts.append("cause " + causeTexts.joined(separator: ", ")) }
        if let detail { parts.append(detail) }
        return parts.isEmpty ? kind.rawValue.replacingOccurrences(of: "_", with: " ") : parts.joined(separator: ", ")
    }

    /// One line: which call failed, after how many attempts, and why.
    public var summary: String {
        let tries = attempts > 1 ? " after \(attempts) attempts" : ""
        return "\(endpoint) failed\(tries): \(reason)"
    }

    public var description: String { "\(summary)\n  → \(remedy)" }
}
