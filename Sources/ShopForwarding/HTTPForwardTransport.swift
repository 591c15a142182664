import AsyncHTTPClient
import Foundation
public import GoLiveCore
import NIOCore
import NIOHTTP1

/// The shop's backend over AsyncHTTPClient: redirects not followed (a redirected POST is ambiguous, and the URL
/// is the operator's to fix), the whole attempt bounded by the request's timeout, the answer's body discarded
/// (at most 64 KiB read). Call ``shutdown()`` when done.
public final class HTTPForwardTransport: ForwardTransport {
    private let client: HTTPClient

    public init(connectTimeout: Duration = .seconds(5)) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .init(connectTimeout))
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func post(_ request: ForwardRequest) async -> ForwardResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = .POST
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        do {
            let response = try await client.execute(outgoing, timeout: .init(request.timeout))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            let retryAfter = response.headers.first(name: "Retry-After").flatMap { TimeInterval($0) }
            return .answered(status: Int(response.status.code), retryAfter: retryAfter)
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return .timedOut
            case .connectTimeout:
                return .failed("could not connect in time")
            default:
                return .failed(Self.describe(error))
            }
        } catch {
            return .failed(Self.describe(error))
        }
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    /// A short reason: the error's own text, without the URL (which may carry a token).
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
