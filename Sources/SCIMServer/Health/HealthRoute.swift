public import Hummingbird
import SCIM

/// `GET /healthz` (ARCHITECTURE §8): no token, outside the SCIM base path.
///
/// Answers 200 with the ``HealthReport`` as JSON while the service is ``ServiceHealth/Phase/ok`` and its outbox readable,
/// and 503 with the same body while it is starting, stopping or degraded, so a load balancer or `curl --fail` probe
/// can tell healthy from not.
public struct HealthRoute<Context: RequestContext>: Sendable {
    /// The path, `/healthz`.
    public static var path: String { "/healthz" }

    private let health: ServiceHealth

    /// Creates the route for `health`.
    public init(health: ServiceHealth) {
        self.health = health
    }

    /// Adds `GET /healthz` to `router`.
    public func register(on router: Router<Context>) {
        router.get(RouterPath(Self.path)) { _, _ in await response() }
    }

    /// The response for the current report: 200 when ``HealthReport/isHealthy``, 503 otherwise; `application/json`.
    func response() async -> Response {
        let report = await health.report()
        var buffer = ByteBuffer()
        buffer.writeBytes(JSONWriter.compact.bytes(report.jsonValue))
        return Response(
            status: report.isHealthy ? .ok : .serviceUnavailable,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: buffer))
    }
}
