import Foundation
import SCIM

extension CrashDriver {
    /// The directory as found on disk: every resource file parsed.
    struct DiskState {
        var users: [String: JSONObject] = [:]
        var groups: [String: JSONObject] = [:]
        /// Temporary, torn or unexpected files, one line each.
        var problems: [String] = []

        /// Reads `users/` and `groups/`.
        static func read(_ directory: URL) -> DiskState {
            var state = DiskState()
            for folder in ["users", "groups"] {
                for name in Disk.names(directory.appendingPathComponent(folder)) {
                    guard !name.hasPrefix("."), name.hasSuffix(".json") else {
                        state.problems.append("\(folder)/\(name): a temporary or unexpected file")
                        continue
                    }
                    let id = String(name.dropLast(5))
                    guard
                        let object = (try? Disk.json(directory.appendingPathComponent("\(folder)/\(name)")))?
                            .objectValue
                    else {
                        state.problems.append("\(folder)/\(name): not a whole JSON object (a torn file)")
                        continue
                    }
                    if folder == "users" { state.users[id] = object } else { state.groups[id] = object }
                }
            }
            return state
        }

        /// The member ids of a group file.
        func members(of groupID: String) -> Set<String> {
            Set((groups[groupID]?["members"]?.arrayValue ?? []).compactMap { $0["value"]?.stringValue })
        }

        /// The users of one worker as the model describes them.
        func users(of expectation: Expectation) -> [String: User] {
            let members = members(of: expectation.groupID)
            var result: [String: User] = [:]
            for (id, user) in users {
                guard let userName = user["userName"]?.stringValue, userName.hasPrefix(expectation.userNamePrefix)
                else { continue }
                result[id] = User(
                    userName: userName, active: user["active"]?.boolValue ?? true,
                    title: user["title"]?.stringValue, member: members.contains(id))
            }
            return result
        }
    }

    /// What a host that applied every diff in order believes: which users exist and are active, and which users
    /// each group holds. Also counts the deprovisioning entries per user.
    struct HostView {
        var users: [String: Bool] = [:]
        var members: [String: Set<String>] = [:]
        var deactivated: [String: Int] = [:]
        var deleted: Set<String> = []
        /// The sequences read so far: 1…`lastSequence`.
        var lastSequence = 0
        /// How many of them a restart wrote (origin `startup`): writes whose diff the kill prevented.
        var startupDiffs = 0

        /// Applies one diff file's JSON.
        mutating func apply(_ diff: JSONValue) {
            if diff["origin"]?["type"]?.stringValue == "startup" { startupDiffs += 1 }
            for entry in diff["deprovisioned"]?.arrayValue ?? [] {
                guard let id = entry["user"]?["id"]?.stringValue else { continue }
                switch entry["reason"]?.stringValue {
                case "deleted":
                    users[id] = nil
                    deleted.insert(id)
                case "deactivated":
                    users[id] = false
                    deactivated[id, default: 0] += 1
                default: break
                }
            }
            for entry in diff["provisioned"]?.arrayValue ?? [] {
                guard let id = entry["user"]?["id"]?.stringValue else { continue }
                users[id] =
                    entry["reason"]?.stringValue == "reactivated" ? true : entry["user"]?["active"]?.boolValue ?? true
            }
            for entry in diff["membershipsRemoved"]?.arrayValue ?? [] {
                guard let group = entry["group"]?["id"]?.stringValue, let member = entry["user"]?["id"]?.stringValue
                else { continue }
                members[group, default: []].remove(member)
            }
            for entry in diff["membershipsAdded"]?.arrayValue ?? [] {
                guard let group = entry["group"]?["id"]?.stringValue, let member = entry["user"]?["id"]?.stringValue
                else { continue }
                members[group, default: []].insert(member)
            }
            for entry in diff["groupsDeleted"]?.arrayValue ?? [] {
                if let group = entry["group"]?["id"]?.stringValue { members[group] = nil }
            }
        }

        /// Reads the diffs after ``lastSequence`` from `STATE/outbox`; returns the problems found: temporary files,
        /// gaps, files that do not parse or whose `sequence` is not their name's.
        mutating func readOutbox(_ stateDirectory: URL) -> [String] {
            let outbox = stateDirectory.appendingPathComponent("outbox")
            var problems: [String] = []
            var sequences: [Int] = []
            for name in Disk.names(outbox) {
                guard name.utf8.count == 15, name.hasSuffix(".json"), let sequence = Int(name.prefix(10)) else {
                    problems.append("outbox/\(name): a temporary or unexpected file")
                    continue
                }
                sequences.append(sequence)
            }
            sequences.sort()
            if sequences != sequences.indices.map({ $0 + 1 }) {
                problems.append("outbox sequences are not contiguous from 1: \(Self.ranges(sequences))")
            }
            for sequence in sequences where sequence > lastSequence {
                let name = String(repeating: "0", count: 10 - String(sequence).count) + "\(sequence).json"
                guard let diff = try? Disk.json(outbox.appendingPathComponent(name)),
                    diff["sequence"]?.integerValue == sequence
                else {
                    problems.append("outbox/\(name): not a whole diff of sequence \(sequence)")
                    continue
                }
                apply(diff)
                lastSequence = sequence
            }
            return problems
        }

        /// `1…40, 42…50` for messages.
        static func ranges(_ sequences: [Int]) -> String {
            var parts: [String] = []
            var start: Int?
            var previous = 0
            for sequence in sequences {
                if let first = start, sequence != previous + 1 {
                    parts.append(first == previous ? "\(first)" : "\(first)…\(previous)")
                    start = sequence
                } else if start == nil {
                    start = sequence
                }
                previous = sequence
            }
            if let first = start { parts.append(first == previous ? "\(first)" : "\(first)…\(previous)") }
            return parts.isEmpty ? "none" : parts.joined(separator: ", ")
        }

        /// The differences between this view and the directory: users whose existence or `active` the host would
        /// get wrong, memberships it would get wrong.
        func differences(from disk: DiskState) -> [String] {
            var problems: [String] = []
            let actualUsers = disk.users.mapValues { $0["active"]?.boolValue ?? true }
            for id in Set(users.keys).union(actualUsers.keys).sorted() where users[id] != actualUsers[id] {
                problems.append(
                    "user \(id): after the diffs the host has \(users[id].map { "active=\($0)" } ?? "no user"), "
                        + "the directory has \(actualUsers[id].map { "active=\($0)" } ?? "no user")")
            }
            for group in Set(members.keys).union(disk.groups.keys).sorted() {
                let expected = members[group] ?? []
                let actual = disk.members(of: group)
                if expected != actual {
                    problems.append(
                        "group \(group): after the diffs the host has members \(expected.sorted()), the directory "
                            + "\(actual.sorted())")
                }
            }
            return problems
        }
    }
}
