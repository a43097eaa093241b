public import DirectoryStore
public import Hummingbird
import SCIM

/// Assembles the HTTP surface (ARCHITECTURE §8): the SCIM endpoints under the base path behind bearer
/// authentication, SCIM error rendering, and one log line per request; and, outside the base path and without a
/// token, `/healthz` and `/metrics`.
public enum SCIMApplication {
    /// The router of a scimdir server.
    ///
    /// - Parameters:
    ///   - store: the directory.
    ///   - tokens: checks bearer tokens.
    ///   - configuration: base path and limits.
    ///   - health: when given, `GET /healthz` answers from it.
    ///   - metrics: when given, every request is recorded in it and `GET /metrics` exposes it. Scrapes and health
    ///     probes are counted but not logged, so that they do not flood the journal.
    public static func router(
        store: DirectoryStore, tokens: TokenVerifier, configuration: SCIMServerConfiguration,
        health: ServiceHealth? = nil, metrics: SCIMMetrics? = nil
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        if let metrics { router.middlewares.add(RequestMetricsMiddleware(metrics: metrics)) }
        if let health { HealthRoute(health: health).register(on: router) }
        if let metrics { MetricsRoute(metrics: metrics).register(on: router) }
        router.middlewares.add(RequestLogMiddleware())
        router.middlewares.add(SCIMErrorMiddleware())
        // On the router, not the group: a group's middleware runs only when a route matches, so a method a path does
        // not serve (PUT /Users, GET /Bulk) would answer 404 to anyone instead of 401.
        router.middlewares.add(
            BearerAuthMiddleware(verifier: tokens, basePath: configuration.basePath) {
                metrics?.recordAuthenticationFailure()
            })
        let scim = router.group(RouterPath(configuration.basePath.isEmpty ? "/" : configuration.basePath))
        let resources = ResourceRoutes<BasicRequestContext>(store: store, configuration: configuration)
        for kind in ResourceKind.allCases { resources.register(kind, on: scim) }
        DiscoveryRoutes<BasicRequestContext>(store: store, configuration: configuration).register(on: scim)
        BulkRoutes<BasicRequestContext>(store: store, configuration: configuration).register(on: scim)
        RootSearchRoutes<BasicRequestContext>(store: store, configuration: configuration).register(on: scim)
        // RFC 7644 §3.11: /Me needs an authenticated subject; scimdir's token identifies a provisioning client.
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            scim.on("/Me", method: method) { _, _ -> Response in
                throw SCIMError.notImplemented("/Me is not supported: the bearer token identifies a provisioning client, not a user")
            }
            // Unknown SCIM paths answer 404 only after authentication, so the surface is not probed anonymously.
            scim.on("/**", method: method) { request, _ -> Response in
                throw SCIMError.notFound("no SCIM endpoint at \(request.uri.path)")
            }
        }
        return router
    }
}
