import Crypto
import Foundation
public import SCIM

/// Converts between a resource file's bytes and a ``StoredResource``, and derives versions.
///
/// The file format (ARCHITECTURE §3): the resource as served minus the derived values `meta.location`,
/// `meta.version` and (for users) `groups`, pretty-printed with sorted keys, two-space indentation and a final
/// newline. Reading a file is strict, because people edit these files by hand: it must be a JSON object, its `id` must
/// equal the file's stem, `meta.resourceType` (when present) must match the folder, and the body must validate
/// against the schemas. `meta.created`/`meta.lastModified` come from the file when present, otherwise from
/// `fallbackTimestamp` (the file's modification time).
public struct ResourceFileCodec: Sendable {
    /// The schemas files are validated against.
    public let registry: SchemaRegistry

    /// Creates a codec for `registry`'s resource types.
    public init(registry: SchemaRegistry) {
        self.registry = registry
    }

    /// Why a file could not be read, with the position when the JSON parser gives one.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// 1-based line, when known.
        public var line: Int?
        /// 1-based column, when known.
        public var column: Int?
        /// What is wrong, e.g. `"id" is "x" but the file is named y.json`.
        public var reason: String

        /// Creates a problem.
        public init(line: Int? = nil, column: Int? = nil, reason: String) {
            self.line = line
            self.column = column
            self.reason = reason
        }

        /// Whether the file is valid but clashes with another resource's unique value (so it may load once that
        /// value is freed).
        public var isUniquenessConflict: Bool { line == nil && reason.hasPrefix(Self.uniquenessPrefix) }

        static let uniquenessPrefix = "uniqueness: "

        /// `line 3, column 7: reason`, or just the reason.
        public var description: String {
            guard let line else { return reason }
            return "line \(line)" + (column.map { ", column \($0)" } ?? "") + ": " + reason
        }
    }

    /// Reads a resource file.
    ///
    /// - Parameters:
    ///   - bytes: the file's content.
    ///   - kind: the folder it came from.
    ///   - id: the file's stem, already checked with ``ResourceID/isValid(_:)``.
    ///   - fallbackTimestamp: `dateTime` text used for `meta.created`/`lastModified` when the file has none.
    /// - Returns: the resource without derived `groups` (the snapshot adds them).
    /// - Throws: ``Problem``.
    public func decode(_ bytes: some Collection<UInt8>, kind: ResourceKind, id: String, fallbackTimestamp: String)
        throws(Problem) -> StoredResource
    {
        let value: JSONValue
        do {
            value = try JSONParser().parse(bytes)
        } catch {
            throw Problem(line: error.line, column: error.column, reason: "invalid JSON: \(error.reason)")
        }
        guard case .object(let object) = value else { throw Problem(reason: "the file must hold one JSON object") }
        let fileID = object.first { $0.key.caseInsensitiveEquals("id") }?.value
        guard fileID?.stringValue == id else {
            throw Problem(reason: "\"id\" is \(fileID.map { "\($0)" } ?? "missing") but the file is named \(id).json")
        }
        let meta = object.first { $0.key.caseInsensitiveEquals("meta") }?.value.objectValue ?? [:]
        if let declared = meta["resourceType"], declared != .string(kind.rawValue) {
            throw Problem(reason: "meta.resourceType is \(declared) but the file is in \(kind.folderName)/")
        }
        let created = try timestamp(meta["created"], name: "meta.created") ?? fallbackTimestamp
        let lastModified = try timestamp(meta["lastModified"], name: "meta.lastModified") ?? created
        let body: JSONObject
        do {
            body = try ResourceValidator(resourceType: kind.resourceType(in: registry)).validate(object, mode: .create)
        } catch {
            throw Problem(reason: error.detail)
        }
        let version = Self.version(ofFileBytes: bytes)
        return StoredResource(
            kind: kind, id: id, version: version,
            resource: Self.served(kind: kind, id: id, body: body, created: created, lastModified: lastModified, version: version))
    }

    /// A resource from a validated canonical body (the output of ``ResourceValidator``) and its timestamps; its
    /// version is that of the file ``encode(_:)`` writes for it.
    public func make(kind: ResourceKind, id: String, body: JSONObject, created: String, lastModified: String)
        -> StoredResource
    {
        let file = Self.served(kind: kind, id: id, body: body, created: created, lastModified: lastModified, version: nil)
        let version = Self.version(ofFileBytes: JSONWriter.pretty.bytes(.object(file)))
        return StoredResource(
            kind: kind, id: id, version: version,
            resource: Self.served(kind: kind, id: id, body: body, created: created, lastModified: lastModified, version: version))
    }

    /// The bytes of the file for `resource`.
    public func encode(_ resource: StoredResource) -> [UInt8] {
        JSONWriter.pretty.bytes(.object(Self.fileObject(resource.resource)))
    }

    /// The attributes of a resource without the ones the store maintains (`id`, `meta`, derived `groups`): equal
    /// contents mean a write would change nothing.
    public static func content(of resource: JSONObject) -> JSONObject {
        resource.filter { key, _ in key != "id" && key != "meta" && key != "groups" }
    }

    /// The weak ETag of a file's bytes: `W/"` + the first 16 bytes of SHA-256 in hex + `"`. A hand edit, even one
    /// that only reformats, is a new version.
    static func version(ofFileBytes bytes: some Collection<UInt8>) -> String {
        let digest = SHA256.hash(data: Array(bytes))
        return "W/\"" + digest.prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined() + "\""
    }

    /// The served form without derived `groups`; `version` `nil` gives the file's form.
    private static func served(
        kind: ResourceKind, id: String, body: JSONObject, created: String, lastModified: String, version: String?
    ) -> JSONObject {
        var resource = body
        resource["id"] = .string(id)
        resource["groups"] = nil
        var meta: JSONObject = [
            "resourceType": .string(kind.rawValue), "created": .string(created), "lastModified": .string(lastModified),
        ]
        meta["version"] = version.map(JSONValue.string)
        resource["meta"] = .object(meta)
        return resource
    }

    private static func fileObject(_ resource: JSONObject) -> JSONObject {
        var object = resource
        object["groups"] = nil
        if var meta = object["meta"]?.objectValue {
            meta["version"] = nil
            meta["location"] = nil
            object["meta"] = .object(meta)
        }
        return object
    }

    private func timestamp(_ value: JSONValue?, name: String) throws(Problem) -> String? {
        guard let value else { return nil }
        guard let text = value.stringValue, SCIMDateTime.isValid(text) else {
            throw Problem(reason: "\(name) must be a dateTime such as \"2025-01-31T12:00:00Z\", not \(value)")
        }
        return text
    }
}
