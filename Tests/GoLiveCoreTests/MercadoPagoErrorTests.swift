import Foundation
import GoLiveCore
import Testing

@Suite("Mercado Pago's error document becomes a typed error")
struct MercadoPagoErrorTests {
    @Test("cause 7 is recognised as production credentials not activated")
    func causeSeven() {
        let body =
            #"{"message":"Unauthorized use of live credentials","error":"unauthorized","status":401,"cause":[{"code":7,"description":"Unauthorized use of live credentials","data":null}]}"#
        let error = MercadoPagoError.fromResponse(
            status: 401, body: Data(body.utf8), endpoint: "GET /v1/payments/search", attempts: 1)
        #expect(error.kind == .unauthorized)
        #expect(error.isUnactivatedLiveCredentials)
        #expect(error.causes == [.init(code: "7", description: "Unauthorized use of live credentials")])
        #expect(error.remedy.contains("Activate"))
        #expect(error.description.contains("HTTP 401"))
    }

    @Test("a non-JSON error body is still a typed error")
    func htmlBody() {
        let error = MercadoPagoError.fromResponse(
            status: 502, body: Data("<html>Bad gateway</html>".utf8), endpoint: "GET /users/me", attempts: 4)
        #expect(error.kind == .serverError)
        #expect(error.apiMessage == nil)
        #expect(error.summary.contains("after 4 attempts"))
    }

    @Test(
        "statuses map to kinds",
        arguments: [
            (400, MercadoPagoError.Kind.badRequest), (401, .unauthorized), (403, .forbidden), (404, .notFound),
            (409, .conflict), (423, .conflict), (429, .rateLimited), (500, .serverError), (504, .serverError),
            (302, .unexpectedStatus),
        ])
    func kinds(status: Int, kind: MercadoPagoError.Kind) {
        #expect(MercadoPagoError.kind(forStatus: status) == kind)
    }
}
