public import Hummingbird

/// `GET /metrics` (ARCHITECTURE §8): the Prometheus text exposition of ``SCIMMetrics``.
///
/// It needs no token, like `/healthz`: the default listen address is `127.0.0.1`, and an install that exposes scimdir
/// beyond the host lets its reverse proxy forward the SCIM base path only (see the README, "Network exposure").
public struct MetricsRoute<Context: RequestContext>: Sendable {
    /// The path, `/metrics`.
    public static var path: String { "/metrics" }

    /// The media type of the Prometheus text format, version 0.0.4.
    public static var mediaType: String { "text/plain; version=0.0.4; charset=utf-8" }

    private let metrics: SCIMMetrics

    /// Creates the route for `metrics`.
    public init(metrics: SCIMMetrics) {
        self.metrics = metrics
    }

    /// Adds `GET /metrics` to `router`.
    public func register(on router: Router<Context>) {
        router.get(RouterPath(Self.path)) { _, _ in
            var buffer = ByteBuffer()
            buffer.writeBytes(await metrics.exposition())
            return Response(
                status: .ok, headers: [.contentType: Self.mediaType, .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: buffer))
        }
    }
}
