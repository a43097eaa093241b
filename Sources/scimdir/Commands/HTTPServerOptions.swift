import ArgumentParser
import Foundation
import HummingbirdCore
import SCIMServer

/// The `serve` options of the HTTP listener.
struct HTTPServerOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How long a client may take to send a request's headers, then its body; idle connections are closed "
                + "after it too, e.g. 30s (env SCIMDIR_READ_TIMEOUT).",
            valueName: "duration"))
    var readTimeout: String = ProcessInfo.processInfo.environment["SCIMDIR_READ_TIMEOUT"] ?? "30s"

    func validate() throws {
        guard let timeout = DiffServeOptions.duration(readTimeout), timeout > .zero else {
            throw ValidationError("--read-timeout must be a positive duration such as 30s or 1m; got \(readTimeout)")
        }
    }

    /// `http`.
    var scheme: String { "http" }

    /// The read timeout as a duration.
    var readTimeoutDuration: Duration { DiffServeOptions.duration(readTimeout) ?? ReadTimeout.standard }

    /// The server: HTTP/1.1 with the read timeout (``HTTPServerBuilder/scimHTTP1(readTimeout:)``).
    func serverBuilder() -> HTTPServerBuilder {
        .scimHTTP1(readTimeout: readTimeoutDuration)
    }
}
