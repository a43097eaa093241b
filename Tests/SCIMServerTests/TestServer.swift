import DirectoryStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SCIM
import SCIMServer

/// A scimdir application on a fresh temporary directory, with a token, for tests through HummingbirdTesting.
struct TestServer {
    let directory: URL
    let stateDirectory: URL
    let store: DirectoryStore
    let token: String
    let configuration: SCIMServerConfiguration

    static func make(configuration: SCIMServerConfiguration = .init()) async throws -> TestServer {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scimdir-test-\(UUID().uuidString)")
        let directory = root.appendingPathComponent("directory")
        let state = root.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let store = try await DirectoryStore.open(layout: DirectoryLayout(root: directory), logger: logger)
        let token = try TokenStore(stateDirectory: state).rotate()
        return TestServer(directory: directory, stateDirectory: state, store: store, token: token, configuration: configuration)
    }

    var application: some ApplicationProtocol {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let router = SCIMApplication.router(
            store: store, tokens: TokenVerifier(store: TokenStore(stateDirectory: stateDirectory)),
            configuration: configuration)
        return Application(router: router, logger: logger)
    }

    /// Runs `body` with a client of the application, then removes the temporary folders.
    func test<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        return try await application.test(.router, body)
    }

    var authorization: HTTPFields { [.authorization: "Bearer \(token)"] }
}
