public import Hummingbird
import Logging
import SCIM

/// Turns every failure into a SCIM Error message (RFC 7644 §3.12) with a string `status`, so that clients never see
/// a bare framework error: ``SCIMError``s as they are, Hummingbird's errors (unknown route, body too large) with their
/// status, and anything else as a 500 whose details go to the log only.
public struct SCIMErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Runs the rest of the chain and renders whatever it throws.
    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as SCIMError {
            return SCIMResponse.error(error)
        } catch let error as any HTTPResponseError {
            let status = error.status
            let detail: String
            switch status {
            case .notFound: detail = "no SCIM endpoint at \(request.uri.path)"
            case .contentTooLarge: detail = "the request body is larger than the server accepts"
            case .methodNotAllowed: detail = "\(request.method) is not allowed on \(request.uri.path)"
            default: detail = status.reasonPhrase
            }
            return SCIMResponse.error(SCIMError(status: status.code, detail: detail))
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            return SCIMResponse.error(.internalError("the server failed to handle the request; see its log"))
        }
    }
}
