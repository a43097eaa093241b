import Foundation
import SCIM
import Testing

/// The `serve` options that place the endpoint, each as an option and as an environment variable (the option wins):
/// `--base-path`, `--listen` and `--public-url` (README "Command line").
@Suite struct ServeEndpointOptionsTests {
    /// `serve` options and environment variables of one case.
    struct Setting: CustomTestStringConvertible, Sendable {
        var arguments: [String] = []
        var environment: [String: String] = [:]

        var testDescription: String { "\(arguments.joined(separator: " ")) \(environment)" }
    }

    @Test(arguments: [
        Setting(arguments: ["--base-path", "/scim/v2/"]),
        Setting(environment: ["SCIMDIR_BASE_PATH": "/scim/v2"]),
        Setting(arguments: ["--base-path", "scim/v2"], environment: ["SCIMDIR_BASE_PATH": "/elsewhere"]),
    ])
    func basePathMovesTheEndpoint(_ setting: Setting) async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state, arguments: setting.arguments,
            environment: setting.environment)

        #expect(server.baseURL == "http://127.0.0.1:\(server.port)/scim/v2")
        let created = try await server.request(
            "POST", "/Users", body: ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "alice"])
        #expect(created.status == 201)
        let id = try #require(created.body?["id"]?.stringValue)
        #expect(created.headers["location"] == "\(server.baseURL)/Users/\(id)")
        #expect(created.body?["meta"]?["location"]?.stringValue == "\(server.baseURL)/Users/\(id)")
        #expect(try await server.get("/Users/\(id)").status == 200)
        #expect(
            try await server.request("GET", "/Users/\(id)", headers: ["Authorization": "Bearer wrong"]).status == 401)
        // The default path is no endpoint any more.
        let defaultPath = try await server.request(
            "GET", url: URL(string: "http://127.0.0.1:\(server.port)/api/ee/scim/v2/Users")!)
        #expect(defaultPath.status == 404)
        #expect(await server.stop() == 0)
    }

    @Test(arguments: [
        Setting(environment: ["SCIMDIR_LISTEN": "127.0.0.1:0"]),
        Setting(arguments: ["--listen", "127.0.0.1:0"], environment: ["SCIMDIR_LISTEN": "not-an-address"]),
    ])
    func listenChoosesTheAddress(_ setting: Setting) async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state, arguments: setting.arguments,
            environment: setting.environment, listen: nil)

        #expect(server.baseURL.hasPrefix("http://127.0.0.1:"))
        #expect(server.port != 0 && server.port != 8080, "a port the system chose, not the default")
        #expect(try await server.get("/Users").status == 200)
        #expect(await server.stop() == 0)
    }

    @Test func anInvalidListenAddressFromTheEnvironmentIsAUsageError() throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let result = try ScimdirProcess.run(
            ["serve", "--directory", folders.directory.path, "--state-directory", folders.state.path],
            environment: ["SCIMDIR_LISTEN": "localhost"])
        #expect(result.status == 64)
        #expect(result.errors.contains("--listen (env SCIMDIR_LISTEN) must be HOST:PORT"), "\(result.errors)")
        #expect(result.errors.contains("got localhost"), "\(result.errors)")
    }

    @Test(arguments: [
        Setting(arguments: ["--public-url", "scim.example.com/api/ee/scim/v2"]),
        Setting(arguments: ["--public-url", "/api/ee/scim/v2"]),
        Setting(environment: ["SCIMDIR_PUBLIC_URL": "ftp://scim.example.com/scim"]),
        Setting(environment: ["SCIMDIR_PUBLIC_URL": "https:///scim"]),
    ])
    func aPublicURLThatIsNotAnAbsoluteHTTPURLIsAUsageError(_ setting: Setting) throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let result = try ScimdirProcess.run(
            ["serve", "--directory", folders.directory.path, "--state-directory", folders.state.path]
                + setting.arguments,
            environment: setting.environment)
        #expect(result.status == 64)
        #expect(
            result.errors.contains("--public-url (env SCIMDIR_PUBLIC_URL) must be an absolute http(s) URL"),
            "\(result.errors)")
    }

    @Test(arguments: [Setting(environment: ["SCIMDIR_PUBLIC_URL": ""]), Setting(arguments: ["--public-url", ""])])
    func anEmptyPublicURLIsUnsetAndLocationsStayAbsolute(_ setting: Setting) async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state, arguments: setting.arguments,
            environment: setting.environment)
        let created = try await server.request(
            "POST", "/Users", body: ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "alice"])
        let id = try #require(created.body?["id"]?.stringValue)
        #expect(created.headers["location"] == "\(server.baseURL)/Users/\(id)")
        #expect(created.body?["meta"]?["location"]?.stringValue == "\(server.baseURL)/Users/\(id)")
        #expect(await server.stop() == 0)
    }

    static let publicURL = "https://scim.example.com/api/ee/scim/v2"

    @Test(arguments: [
        Setting(arguments: ["--public-url", publicURL + "/"]),
        Setting(environment: ["SCIMDIR_PUBLIC_URL": publicURL]),
        Setting(
            arguments: ["--public-url", publicURL], environment: ["SCIMDIR_PUBLIC_URL": "https://old.example.com/scim"]),
    ])
    func publicURLIsInLocationHeadersAndMetaLocation(_ setting: Setting) async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state, arguments: setting.arguments,
            environment: setting.environment)
        let publicURL = Self.publicURL

        // The server itself is still reached, and announced, at its own address.
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)/api/ee/scim/v2")
        let user = try await server.request(
            "POST", "/Users", body: ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "alice"])
        #expect(user.status == 201)
        let userID = try #require(user.body?["id"]?.stringValue)
        #expect(user.headers["location"] == "\(publicURL)/Users/\(userID)")
        #expect(user.body?["meta"]?["location"]?.stringValue == "\(publicURL)/Users/\(userID)")

        let group = try await server.request(
            "POST", "/Groups",
            body: [
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Engineering",
                "members": [["value": .string(userID)]],
            ])
        #expect(group.status == 201)
        let groupID = try #require(group.body?["id"]?.stringValue)
        #expect(group.headers["location"] == "\(publicURL)/Groups/\(groupID)")

        let read = try await server.get("/Users/\(userID)")
        #expect(read.body?["meta"]?["location"]?.stringValue == "\(publicURL)/Users/\(userID)")
        let list = try await server.get("/Groups")
        #expect(
            list.body?["Resources"]?.arrayValue?.first?["meta"]?["location"]?.stringValue
                == "\(publicURL)/Groups/\(groupID)")
        let configuration = try await server.get("/ServiceProviderConfig")
        #expect(configuration.body?["meta"]?["location"]?.stringValue == "\(publicURL)/ServiceProviderConfig")
        #expect(await server.stop() == 0)
    }
}
