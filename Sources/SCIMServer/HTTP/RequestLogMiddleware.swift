import Foundation
public import Hummingbird
import Logging

/// One log line per request: method, path (without the query, which may carry personal data), status, duration in
/// milliseconds and the request id (ARCHITECTURE §9). Never the `Authorization` header.
public struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Times the request and logs its outcome.
    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            context.logger.info(
                "request",
                metadata: [
                    "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(status)",
                    "duration_ms": "\(String(format: "%.1f", milliseconds))",
                ])
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}
