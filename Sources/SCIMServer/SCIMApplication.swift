public import DirectoryStore
public import Hummingbird
public import Logging

/// Assembles the HTTP surface (ARCHITECTURE §8): the SCIM endpoints under the base path behind bearer
/// authentication, SCIM error rendering, and one log line per request.
public enum SCIMApplication {
    /// The router of a scimdir server.
    ///
    /// - Parameters:
    ///   - store: the directory.
    ///   - tokens: checks bearer tokens.
    ///   - configuration: base path and limits.
    public static func router(
        store: DirectoryStore, tokens: TokenVerifier, configuration: SCIMServerConfiguration
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(RequestLogMiddleware())
        router.middlewares.add(SCIMErrorMiddleware())
        let scim = router.group(RouterPath(configuration.basePath.isEmpty ? "/" : configuration.basePath))
            .add(middleware: BearerAuthMiddleware(verifier: tokens))
        let resources = ResourceRoutes<BasicRequestContext>(store: store, configuration: configuration)
        for kind in ResourceKind.allCases { resources.register(kind, on: scim) }
        return router
    }
}
