import Foundation
public import Hummingbird
import Logging
import SCIM

/// Requires `Authorization: Bearer <token>` on every request it guards (RFC 6750 §2.1, RFC 7644 §2).
///
/// Exactly one `Authorization` header is accepted; a missing, repeated, malformed or wrong one gets 401 with
/// `WWW-Authenticate: Bearer` (RFC 6750 §3) and a SCIM Error body. The token is never logged.
///
/// Added to the router itself with a `basePath`, it guards every request under that path whatever the method and
/// whether or not a route matches, so that `PUT /Users` or `GET /Bulk` tell an anonymous caller nothing either.
/// Paths are compared by their `/`-separated components, empty ones omitted, exactly as the router matches them.
public struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    private let verifier: TokenVerifier
    private let onFailure: @Sendable () -> Void
    private let guardedPrefix: [Substring]?

    /// Creates the middleware.
    ///
    /// - Parameters:
    ///   - verifier: checks tokens against the stored hash.
    ///   - basePath: guard only requests under this path (`/api/ee/scim/v2`; `""` is everything); `nil` guards every
    ///     request that reaches the middleware (e.g. on a router group).
    ///   - onFailure: called once per rejected request (for the authentication-failure metric).
    public init(verifier: TokenVerifier, basePath: String? = nil, onFailure: @escaping @Sendable () -> Void = {}) {
        self.verifier = verifier
        self.onFailure = onFailure
        self.guardedPrefix = basePath.map { $0.split(separator: "/", omittingEmptySubsequences: true) }
    }

    /// Lets the request through when it carries the current token (or is outside the guarded path); answers 401
    /// otherwise.
    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let guardedPrefix,
            !request.uri.path.split(separator: "/", omittingEmptySubsequences: true).starts(with: guardedPrefix)
        {
            return try await next(request, context)
        }
        let values = request.headers[values: .authorization]
        let reason: String
        var challenge = #"Bearer realm="scimdir""#
        if values.isEmpty {
            reason = "the request has no Authorization header; send Authorization: Bearer <token>"
        } else if values.count > 1 {
            reason = "the request has more than one Authorization header"
            challenge += #", error="invalid_request""#
        } else if let token = Self.bearerToken(values[0]) {
            if verifier.verify(token) { return try await next(request, context) }
            reason = "the bearer token is not valid (it may have been rotated)"
            challenge += #", error="invalid_token""#
        } else {
            reason = "the Authorization header is not of the form Bearer <token>"
            challenge += #", error="invalid_request""#
        }
        onFailure()
        context.logger.notice("authentication failed", metadata: ["reason": "\(reason)"])
        return SCIMResponse.error(.unauthorized(reason), headers: [.wwwAuthenticate: challenge])
    }

    /// The token of a `Bearer` credential (scheme case-insensitive, RFC 7235 §2.1), or `nil`.
    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty || token.contains(" ") ? nil : token
    }
}
