import Foundation

/// Runs git in a test repository with a fixed identity.
struct Git {
    let folder: URL

    @discardableResult
    func callAsFunction(_ arguments: String...) throws -> String {
        let output = try Scimdir.runProgram(
            URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments,
            environment: [
                "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test",
                "GIT_COMMITTER_EMAIL": "test@example.com", "GIT_CONFIG_NOSYSTEM": "1", "HOME": folder.path,
            ], in: folder)
        guard output.status == 0 else {
            struct Failure: Error { var message: String }
            throw Failure(message: "git \(arguments.joined(separator: " ")): \(output.standardError)")
        }
        return output.standardOutput
    }

    /// Writes `text` to `path` (relative to the folder), creating folders.
    func write(_ path: String, _ text: String) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}

/// Resource files as people write them.
enum ResourceFiles {
    static func user(_ id: String, _ userName: String, active: Bool = true) -> String {
        """
        {"id": "\(id)", "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "\(userName)",
         "active": \(active), "emails": [{"value": "\(userName)", "primary": true}]}
        """
    }

    static func group(_ id: String, _ displayName: String, members: [String]) -> String {
        let list = members.map { "{\"value\": \"\($0)\"}" }.joined(separator: ", ")
        return """
            {"id": "\(id)", "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "\(displayName)",
             "members": [\(list)]}
            """
    }
}
