public import Foundation
import SCIM

/// One diff: everything one change batch did to who has access (ARCHITECTURE §6). The outbox stores each as
/// `STATE/outbox/<sequence>.json`; `samples/deprovisioning-diff.schema.json` is its JSON Schema.
///
/// ```json
/// {"formatVersion": 1, "sequence": 7, "createdAt": "2026-01-31T12:00:00.000Z",
///  "origin": {"type": "scim", "method": "DELETE", "requestId": "…"},
///  "summary": "DELETE User bob@example.com (and 2 more changes)",
///  "accessLoss": {"usersLosingAccess": 1, "activeUsersBefore": 40},
///  "deprovisioned": [{"reason": "deleted", "user": {…}}], "provisioned": [], "identityChanged": [],
///  "membershipsRemoved": [{"reason": "memberDeleted", "group": {…}, "user": {…}}, …],
///  "membershipsAdded": [], "groupsDeleted": []}
/// ```
///
/// Entries carry full user records, group names and member ids, so that replaying the diffs after a checkpoint
/// reproduces the state they were computed against (``AccessState/apply(_:)``).
public struct DeprovisioningDiff: Sendable, Hashable, Codable {
    /// The version of this format; a change that breaks readers increments it.
    public static let currentFormatVersion = 1

    /// The format version of this diff.
    public var formatVersion: Int
    /// The position in the outbox (1, 2, 3, …, contiguous); `nil` for `scimdir diff between`, which writes no outbox.
    public var sequence: Int?
    /// When the diff was computed: an `xsd:dateTime` in UTC with milliseconds.
    public var createdAt: String
    /// What caused it.
    public var origin: DiffOrigin
    /// One line about the cause, e.g. `PATCH User alice@example.com: active → false` (``ChangeBatch/headline``).
    public var summary: String
    /// How much access it takes away.
    public var accessLoss: AccessLoss
    /// The entries.
    public var entries: DiffEntries

    /// Creates a diff; ``accessLoss`` is measured from `entries`.
    ///
    /// - Parameters:
    ///   - createdAt: seconds since 1970.
    ///   - activeUsersBefore: the number of active users before the change.
    public init(
        sequence: Int?, createdAt: Double, origin: DiffOrigin, summary: String, entries: DiffEntries,
        activeUsersBefore: Int
    ) {
        self.formatVersion = Self.currentFormatVersion
        self.sequence = sequence
        self.createdAt = SCIMDateTime.string(secondsSince1970: createdAt)
        self.origin = origin
        self.summary = summary
        self.accessLoss = AccessLoss(
            usersLosingAccess: entries.usersLosingAccess.count, activeUsersBefore: activeUsersBefore)
        self.entries = entries
    }

    /// ``createdAt`` in seconds since 1970.
    public var createdAtSeconds: Double {
        SCIMDateTime.secondsSince1970(createdAt) ?? 0
    }

    private enum CodingKeys: String, CodingKey {
        case formatVersion, sequence, createdAt, origin, summary, accessLoss
    }

    /// Decodes a diff; the entry lists are top-level members.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        sequence = try container.decodeIfPresent(Int.self, forKey: .sequence)
        createdAt = try container.decode(String.self, forKey: .createdAt)
        origin = try container.decode(DiffOrigin.self, forKey: .origin)
        summary = try container.decode(String.self, forKey: .summary)
        accessLoss = try container.decode(AccessLoss.self, forKey: .accessLoss)
        entries = try DiffEntries(from: decoder)
    }

    /// Encodes a diff with the entry lists as top-level members.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encodeIfPresent(sequence, forKey: .sequence)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(origin, forKey: .origin)
        try container.encode(summary, forKey: .summary)
        try container.encode(accessLoss, forKey: .accessLoss)
        try entries.encode(to: encoder)
    }

    /// The diff as a file: pretty-printed JSON with sorted keys and a final newline.
    public func fileContents() -> [UInt8] {
        StateJSON.encode(self)
    }

    /// Reads a diff file.
    ///
    /// - Throws: `DecodingError` when `bytes` is not a diff.
    public init(fileContents bytes: Data) throws {
        self = try StateJSON.decoder.decode(DeprovisioningDiff.self, from: bytes)
    }
}
