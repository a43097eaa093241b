public import Hummingbird

/// Records every request in ``SCIMMetrics``: its method, matched route pattern, status and duration.
///
/// Add it before any other middleware so that it sees the final status, including SCIM error responses.
public struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    private let metrics: SCIMMetrics

    /// Creates the middleware recording into `metrics`.
    public init(metrics: SCIMMetrics) {
        self.metrics = metrics
    }

    /// Times the request and records its outcome; a thrown error counts with its HTTP status (500 when it has none).
    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        var status = HTTPResponse.Status.internalServerError
        defer {
            metrics.recordRequest(
                method: request.method.rawValue, route: context.endpointPath ?? "NotFound", status: status.code,
                duration: ContinuousClock.now - start)
        }
        do {
            let response = try await next(request, context)
            status = response.status
            return response
        } catch let error as any HTTPResponseError {
            status = error.status
            throw error
        }
    }
}
