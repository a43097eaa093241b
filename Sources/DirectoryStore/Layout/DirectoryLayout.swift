public import Foundation

/// Where things live in the directory (ARCHITECTURE §3):
///
/// ```
/// DIR/users/<id>.json     one User per file
/// DIR/groups/<id>.json    one Group per file
/// DIR/saml/metadata.xml   optional SAML metadata
/// DIR/schemas/*.json      optional extension schemas
/// ```
///
/// Temporary files of atomic writes are hidden (`.<id>.json.tmp-…`) so that loaders, the watcher and `git status`
/// pass them by.
public struct DirectoryLayout: Sendable, Hashable {
    /// The directory's root.
    public let root: URL

    /// A layout rooted at `root`.
    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// The folder of a resource kind, e.g. `DIR/users`.
    public func folder(for kind: ResourceKind) -> URL {
        root.appendingPathComponent(kind.folderName, isDirectory: true)
    }

    /// `DIR/schemas`.
    public var schemasFolder: URL { root.appendingPathComponent("schemas", isDirectory: true) }

    /// `DIR/saml`.
    public var samlFolder: URL { root.appendingPathComponent("saml", isDirectory: true) }

    /// The file of one resource, e.g. `DIR/users/<id>.json`.
    ///
    /// - Precondition: `ResourceID.isValid(id)`; callers validate ids from requests and file names first.
    public func file(for kind: ResourceKind, id: String) -> URL {
        precondition(ResourceID.isValid(id), "unvalidated resource id")
        return folder(for: kind).appendingPathComponent(id + ".json", isDirectory: false)
    }

    /// The id a file name stands for (`<id>.json`), or `nil` for anything else (hidden files, editor droppings,
    /// other extensions, invalid ids).
    public static func resourceID(fromFileName name: String) -> String? {
        guard name.hasSuffix(".json") else { return nil }
        let id = String(name.dropLast(5))
        return ResourceID.isValid(id) ? id : nil
    }

    /// `path` relative to the root, for messages (`users/abc.json`).
    public func relativePath(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// Creates the root and the `users`, `groups` folders if they are missing.
    ///
    /// - Throws: the file system's error when a folder cannot be created.
    public func createFolders() throws {
        for folder in [root, folder(for: .user), folder(for: .group)] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
    }
}
