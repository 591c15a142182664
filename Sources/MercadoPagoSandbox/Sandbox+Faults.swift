import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A queued misbehaviour for the next `times` Mercado Pago requests whose path starts with `path`.
struct Fault: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        /// Answer with `status` and Mercado Pago's error document, plus `Retry-After` when given.
        case status
        /// Answer normally after `latency_ms`.
        case latency
        /// Answer 200 with a truncated JSON body.
        case malformed
        /// Never answer; the connection stays open until the client gives up or the sandbox stops.
        case hang
    }

    var id = 0
    let path: String
    let method: String?
    let kind: Kind
    let status: Int
    let retryAfter: String?
    let latencyMilliseconds: Int
    let times: Int
    var remaining: Int

    func matches(method: String, path: String) -> Bool {
        (self.method == nil || self.method == method) && path.hasPrefix(self.path)
    }

    var json: JSON {
        [
            "id": .int(id), "path": .string(path), "method": .optional(method), "kind": .string(kind.rawValue),
            "status": kind == .status ? .int(status) : .null, "retry_after": .optional(retryAfter),
            "latency_ms": kind == .latency ? .int(latencyMilliseconds) : .null, "times": .int(times),
            "remaining": .int(remaining),
        ]
    }
}

// In an extension, so the memberwise initializer stays available.
extension Fault {
    /// Reads `{"path","method"?,"kind","status"?,"retry_after"?,"latency_ms"?,"times"?}`.
    init(request body: JSON) throws(MercadoPagoError) {
        guard case .object(let fields) = body else { throw .badRequest("the fault must be a JSON object") }
        guard let path = fields["path"]?.stringValue, path.hasPrefix("/") else {
            throw .badRequest("path is required and must start with /")
        }
        guard let kindName = fields["kind"]?.stringValue, let kind = Kind(rawValue: kindName) else {
            throw .badRequest("kind must be one of " + Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let method = fields["method"]?.stringValue?.uppercased()
        if let given = fields["method"], !given.isNull, method?.isEmpty != false {
            throw .badRequest("method must be an HTTP method name such as GET")
        }
        let status = try Self.integer(fields["status"], name: "status", in: 400...599, default: 500)
        let latency = try Self.integer(fields["latency_ms"], name: "latency_ms", in: 0...120_000, default: 1_000)
        let times = try Self.integer(fields["times"], name: "times", in: 1...10_000, default: 1)
        // Retry-After is a header value: seconds or an HTTP-date. A bare number is accepted as seconds.
        let retryAfter: String?
        switch fields["retry_after"] {
        case .string(let value)?: retryAfter = value
        case .number(let value)?: retryAfter = value.description
        case nil, .null?: retryAfter = nil
        default: throw .badRequest("retry_after must be a string (seconds or an HTTP-date)")
        }
        self.init(
            path: path, method: method, kind: kind, status: status, retryAfter: retryAfter,
            latencyMilliseconds: latency, times: times, remaining: times
        )
    }

    private static func integer(
        _ value: JSON?, name: String, in range: ClosedRange<Int>, default fallback: Int
    ) throws(MercadoPagoError) -> Int {
        guard let value, !value.isNull else { return fallback }
        guard let number = value.int64Value, let int = Int(exactly: number), range.contains(int) else {
            throw .badRequest("\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return int
    }
}

/// Requests parked by `hang` faults. `stop()` releases them, and a cancelled request task releases itself, so
/// a hanging request never keeps the server from shutting down.
final class HangingRequests: Sendable {
    private struct Waiters {
        var next = 0
        var parked: [Int: CheckedContinuation<Void, Never>] = [:]
        /// Tokens cancelled before they were parked; they must not park at all.
        var cancelledEarly: Set<Int> = []
    }

    private let waiters = Mutex(Waiters())

    /// Suspends until `releaseAll()` or until the calling task is cancelled.
    func park() async {
        let token = waiters.withLock { waiters in
            defer { waiters.next += 1 }
            return waiters.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = waiters.withLock { waiters in
                    if waiters.cancelledEarly.remove(token) != nil { return true }
                    waiters.parked[token] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let parked = waiters.withLock { waiters in
                guard let continuation = waiters.parked.removeValue(forKey: token) else {
                    waiters.cancelledEarly.insert(token)
                    return CheckedContinuation<Void, Never>?.none
                }
                return continuation
            }
            parked?.resume()
        }
    }

    func releaseAll() {
        let parked = waiters.withLock { waiters in
            defer { waiters.parked.removeAll() }
            return Array(waiters.parked.values)
        }
        for continuation in parked { continuation.resume() }
    }
}

/// Sits in front of the Mercado Pago routes: logs each request (tests count retries with it), then applies
/// the first matching queued fault.
struct TrafficMiddleware<Context: RequestContext>: RouterMiddleware {
    let state: SandboxState
    let hangingRequests: HangingRequests

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        await state.record(RequestLogEntry(request, at: state.now()).json)
        guard let fault = await state.takeFault(method: request.method.rawValue, path: request.uri.path) else {
            return try await next(request, context)
        }
        switch fault.kind {
        case .status:
            let error = MercadoPagoError.generic(
                status: HTTPResponse.Status(code: fault.status), retryAfter: fault.retryAfter)
            return Response.json(error.document, status: error.status, headers: error.headers)
        case .latency:
            try await Task.sleep(for: .milliseconds(fault.latencyMilliseconds))
            return try await next(request, context)
        case .malformed:
            // The real answer, cut in half: the request took effect, but the client cannot read the reply.
            let text: String
            do {
                text = try await Self.bodyText(of: next(request, context))
            } catch let error as MercadoPagoError {
                text = error.document.serialized
            }
            return Response.json(text: String(text.prefix(max(1, text.count / 2))))
        case .hang:
            await hangingRequests.park()
            // Released by stop() or cancellation: there is no answer to give.
            throw CancellationError()
        }
    }

    private static func bodyText(of response: Response) async throws -> String {
        let collector = BodyCollector()
        try await response.body.write(collector)
        return String(buffer: collector.buffer)
    }
}

/// Collects a response body in memory (bodies here are small JSON documents).
private final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        self.buffer.writeBuffer(&buffer)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
