import CoreMetrics
public import DirectoryStore
import Metrics
import Prometheus

/// scimdir's metrics, recorded through swift-metrics into a Prometheus registry of their own and exposed at `/metrics`
/// in the Prometheus text format (ARCHITECTURE §8, §9).
///
/// | metric | type | labels |
/// | --- | --- | --- |
/// | `scimdir_http_requests_total` | counter | `method`, `route` (the route pattern, or `NotFound`), `status` |
/// | `scimdir_http_request_duration_seconds` | histogram | `method`, `route` |
/// | `scimdir_authentication_failures_total` | counter | |
/// | `scimdir_reloads_total` | counter | (SIGHUP reloads) |
/// | `scimdir_directory_change_batches_total` | counter | `origin`: `scim`, `directory`, `startup`, `reconciliation` |
/// | `scimdir_users`, `scimdir_groups`, `scimdir_invalid_files` | gauge | |
/// | `scimdir_pending_diffs`, `scimdir_held_diffs` | gauge | |
///
/// The gauges are read from ``ServiceHealth`` when `/metrics` is scraped, so they are never stale (the diff gauges keep
/// their last value while the outbox's state cannot be read; `/healthz` says why). Route labels are the
/// registered patterns (`/api/ee/scim/v2/Users/{id}`), never raw paths, so their number stays bounded.
///
/// Ownership: the registry locks internally; any task may record.
public final class SCIMMetrics: DirectoryObserver, Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let health: ServiceHealth
    private let authenticationFailures: CoreMetrics.Counter
    private let reloads: CoreMetrics.Counter
    private let users: CoreMetrics.Gauge
    private let groups: CoreMetrics.Gauge
    private let invalidFiles: CoreMetrics.Gauge
    private let pendingDiffs: CoreMetrics.Gauge
    private let heldDiffs: CoreMetrics.Gauge

    /// Creates the metrics of a service whose store sizes and diff queue `health` reports.
    public init(health: ServiceHealth) {
        self.health = health
        factory = PrometheusMetricsFactory(registry: registry)
        authenticationFailures = CoreMetrics.Counter(label: "scimdir_authentication_failures_total", factory: factory)
        reloads = CoreMetrics.Counter(label: "scimdir_reloads_total", factory: factory)
        users = CoreMetrics.Gauge(label: "scimdir_users", factory: factory)
        groups = CoreMetrics.Gauge(label: "scimdir_groups", factory: factory)
        invalidFiles = CoreMetrics.Gauge(label: "scimdir_invalid_files", factory: factory)
        pendingDiffs = CoreMetrics.Gauge(label: "scimdir_pending_diffs", factory: factory)
        heldDiffs = CoreMetrics.Gauge(label: "scimdir_held_diffs", factory: factory)
    }

    /// Counts one answered request and records how long it took.
    ///
    /// - Parameters:
    ///   - method: the HTTP method, e.g. `GET`.
    ///   - route: the matched route pattern, or `NotFound`.
    ///   - status: the response status code.
    ///   - duration: from the request head to the response head.
    public func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        CoreMetrics.Counter(
            label: "scimdir_http_requests_total",
            dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory
        ).increment()
        CoreMetrics.Timer(
            label: "scimdir_http_request_duration_seconds", dimensions: [("method", method), ("route", route)],
            factory: factory
        ).record(duration: duration)
    }

    /// Counts a request rejected by bearer authentication (``BearerAuthMiddleware``'s `onFailure`).
    public func recordAuthenticationFailure() {
        authenticationFailures.increment()
    }

    /// Counts a reload (SIGHUP).
    public func recordReload() {
        reloads.increment()
    }

    /// Counts each committed change batch by its origin.
    public func directoryDidChange(_ batch: ChangeBatch) {
        let origin: String
        switch batch.origin {
        case .scim: origin = "scim"
        case .directoryEdit: origin = "directory"
        case .startup: origin = "startup"
        case .reconciliation: origin = "reconciliation"
        }
        CoreMetrics.Counter(
            label: "scimdir_directory_change_batches_total", dimensions: [("origin", origin)], factory: factory
        )
        .increment()
    }

    /// The Prometheus text exposition (format 0.0.4) of every metric, with the gauges read afresh from ``ServiceHealth``.
    public func exposition() async -> [UInt8] {
        let report = await health.report()
        users.record(report.users)
        groups.record(report.groups)
        invalidFiles.record(report.invalidFiles)
        if let diffs = report.diffs {
            pendingDiffs.record(diffs.pending)
            heldDiffs.record(diffs.held)
        }
        return registry.emitToBuffer()
    }
}
