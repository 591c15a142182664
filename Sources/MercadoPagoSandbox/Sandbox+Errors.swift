import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Mercado Pago's error document (MERCADOPAGO.md §7):
/// `{"message":"…","error":"bad_request","status":400,"cause":[{"code":…,"description":"…","data":null}]}`.
struct MercadoPagoError: Error, HTTPResponseError {
    struct Cause: Sendable {
        /// Payments-era codes are numbers; a few (e.g. code 7) are documented with their text.
        let code: Int
        let description: String
    }

    let status: HTTPResponse.Status
    let error: String
    let message: String
    var cause: [Cause] = []
    var headers: HTTPFields = [:]

    var document: JSON {
        .object([
            "message": .string(message),
            "error": .string(error),
            "status": .int(status.code),
            "cause": .array(
                cause.map { ["code": .int($0.code), "description": .string($0.description), "data": nil] }),
        ])
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response.json(document, status: status, headers: headers)
    }
}

extension MercadoPagoError {
    static func badRequest(_ message: String, cause: [Cause] = []) -> MercadoPagoError {
        MercadoPagoError(status: .badRequest, error: "bad_request", message: message, cause: cause)
    }

    static func badRequest(_ message: String, code: Int) -> MercadoPagoError {
        badRequest(message, cause: [Cause(code: code, description: message)])
    }

    static func notFound(_ message: String, code: Int? = nil) -> MercadoPagoError {
        MercadoPagoError(
            status: .notFound, error: "not_found", message: message,
            cause: code.map { [Cause(code: $0, description: message)] } ?? []
        )
    }

    static let paymentNotFound = notFound("Payment not found", code: 2000)
    // Not in MERCADOPAGO.md; the same shape with the payment's "not found" code family.
    static let merchantOrderNotFound = notFound("Merchant order not found", code: 2000)

    // Not in MERCADOPAGO.md either (the Orders API has its own error codes); the same shape.
    static let orderNotFound = notFound("Order not found", code: 2000)

    static let missingAccessToken = MercadoPagoError(
        status: .unauthorized, error: "unauthorized", message: "missing access token")
    static let invalidAccessToken = MercadoPagoError(
        status: .unauthorized, error: "unauthorized", message: "invalid access token")
    /// MERCADOPAGO.md §1.6/§7: code 7 is what production credentials that are not activated get.
    static let unauthorizedLiveCredentials = MercadoPagoError(
        status: .unauthorized, error: "unauthorized", message: "Unauthorized use of live credentials",
        cause: [Cause(code: 7, description: "Unauthorized use of live credentials")]
    )

    /// The generic document for any status, as fault injection and unexpected failures need.
    static func generic(status: HTTPResponse.Status, retryAfter: String? = nil) -> MercadoPagoError {
        var headers: HTTPFields = [:]
        if let retryAfter { headers[.retryAfter] = retryAfter }
        let error = errorName(for: status.code)
        return MercadoPagoError(
            status: status, error: error, message: error.replacingOccurrences(of: "_", with: " "), headers: headers
        )
    }

    static func errorName(for code: Int) -> String {
        switch code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 423: "locked"
        case 429: "too_many_requests"
        case 500: "internal_server_error"
        case 502: "bad_gateway"
        case 503: "service_unavailable"
        case 504: "gateway_timeout"
        default: code < 500 ? "bad_request" : "internal_server_error"
        }
    }
}

extension Response {
    static func json(_ value: JSON, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        json(text: value.serialized, status: status, headers: headers)
    }

    /// Raw text served as JSON, also when it is deliberately broken (the `malformed` fault).
    static func json(text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Turns every error a route throws into Mercado Pago's error document, so no client ever sees an empty
/// body or Hummingbird's own error format.
struct ErrorDocumentMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as MercadoPagoError {
            return Response.json(error.document, status: error.status, headers: error.headers)
        } catch let error as HTTPError {
            let document = MercadoPagoError.generic(status: error.status)
            return Response.json(document.document, status: error.status)
        } catch {
            let document = MercadoPagoError.generic(status: .internalServerError)
            return Response.json(document.document, status: .internalServerError)
        }
    }
}
