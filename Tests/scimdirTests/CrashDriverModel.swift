import Foundation
import SCIM

/// The crash driver's expected state (see ``CrashDriverTests``).
///
/// Every resource has exactly one owner: worker `w` creates the users named `w<w>-…@example.com` and changes only
/// them and its own group `crash-w<w>`. A worker sends one request at a time, so when the server is killed a worker
/// has at most one operation in flight, and the state it expects is exact but for that one operation, which may have
/// been applied or not.
enum CrashDriver {
    /// What the driver knows of one user.
    struct User: Equatable, CustomStringConvertible {
        var userName: String
        var active = true
        var title: String?
        /// Whether the user is a member of its owner's group.
        var member = false

        var description: String {
            "\(userName) active=\(active) title=\(title ?? "-") member=\(member)"
        }
    }

    /// One operation of the workload.
    enum Operation: CustomStringConvertible {
        case create(userName: String)
        case setTitle(id: String, title: String)
        /// `active` false in Okta's path-less shape, true in Entra ID's string-boolean shape.
        case setActive(id: String, active: Bool)
        /// Okta's `add` of a `members` value list.
        case addMember(id: String)
        /// Okta's `remove` with a value filter (`okta`) or Entra ID's `remove` with a value list.
        case removeMember(id: String, okta: Bool)
        case delete(id: String)

        var description: String {
            switch self {
            case .create(let userName): "POST /Users \(userName)"
            case .setTitle(let id, let title): "PATCH /Users/\(id) title=\(title)"
            case .setActive(let id, let active): "PATCH /Users/\(id) active=\(active)"
            case .addMember(let id): "PATCH group add member \(id)"
            case .removeMember(let id, _): "PATCH group remove member \(id)"
            case .delete(let id): "DELETE /Users/\(id)"
            }
        }

        /// The expected users after the operation, for every kind but `create` (whose id the server chooses).
        func applied(to users: [String: User]) -> [String: User] {
            var users = users
            switch self {
            case .create: break
            case .setTitle(let id, let title): users[id]?.title = title
            case .setActive(let id, let active): users[id]?.active = active
            case .addMember(let id): users[id]?.member = true
            case .removeMember(let id, _): users[id]?.member = false
            case .delete(let id): users[id] = nil
            }
            return users
        }
    }

    /// The state one worker expects, and what it was told.
    struct Expectation {
        let worker: Int
        let groupID: String
        var users: [String: User] = [:]
        /// The request that got no response when the server died.
        var inFlight: Operation?
        /// Acknowledged transitions from active to inactive, by user id.
        var acknowledgedDeactivations: [String: Int] = [:]
        /// Users whose deletion was acknowledged.
        var acknowledgedDeletions: Set<String> = []
        /// A counter for unique user names and titles.
        var counter = 0

        var userNamePrefix: String { "w\(worker)-" }

        /// The states the directory may be in after a restart: without the operation in flight, and with it. A user
        /// deletion first removes the user from its group, then deletes the file, so an interrupted one may also have
        /// done only the first step.
        func acceptableStates() -> [[String: User]] {
            guard let inFlight else { return [users] }
            switch inFlight {
            case .create: return [users]  // and the created user; see `matches(_:)`
            case .delete(let id):
                var leftInGroup = users
                leftInGroup[id]?.member = false
                return [users, inFlight.applied(to: users), leftInGroup]
            default:
                return [users, inFlight.applied(to: users)]
            }
        }

        /// Whether `actual` (this worker's users as found after the restart) is an acceptable state.
        func matches(_ actual: [String: User]) -> Bool {
            if acceptableStates().contains(actual) { return true }
            guard case .create(let userName) = inFlight else { return false }
            let extra = actual.filter { users[$0.key] == nil }
            guard extra.count == 1, let created = extra.first?.value else { return false }
            return created == User(userName: userName) && actual.filter { users[$0.key] != nil } == users
        }

        /// Picks the next operation.
        mutating func nextOperation(using random: inout some RandomNumberGenerator) -> Operation {
            counter += 1
            let live = users.keys.sorted()
            guard let id = live.randomElement(using: &random), Int.random(in: 0..<100, using: &random) >= 20 else {
                return .create(userName: "\(userNamePrefix)\(counter)@example.com")
            }
            let user = users[id]!
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<30: return .setTitle(id: id, title: "t\(counter)")
            case 30..<50: return .setActive(id: id, active: !user.active)
            case 50..<80:
                return user.member ? .removeMember(id: id, okta: counter.isMultiple(of: 2)) : .addMember(id: id)
            default: return .delete(id: id)
            }
        }

        /// Records an acknowledged operation; `createdID` is the id a `create` returned.
        mutating func acknowledge(_ operation: Operation, createdID: String?) {
            switch operation {
            case .create(let userName): users[createdID!] = User(userName: userName)
            case .setActive(let id, false) where users[id]?.active == true:
                acknowledgedDeactivations[id, default: 0] += 1
            case .delete(let id): acknowledgedDeletions.insert(id)
            default: break
            }
            if case .create = operation { return }
            users = operation.applied(to: users)
        }
    }

    /// The request of an operation: method, path relative to the base path, and JSON body.
    static func request(for operation: Operation, groupID: String) -> (method: String, path: String, body: JSONValue?) {
        func patch(_ operations: JSONValue...) -> JSONValue {
            ["schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": .array(operations)]
        }
        switch operation {
        case .create(let userName):
            return (
                "POST", "/Users",
                [
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": .string(userName),
                    "emails": [["value": .string(userName), "primary": true]], "active": true,
                ]
            )
        case .setTitle(let id, let title):
            return ("PATCH", "/Users/\(id)", patch(["op": "replace", "path": "title", "value": .string(title)]))
        case .setActive(let id, false):
            return ("PATCH", "/Users/\(id)", patch(["op": "replace", "value": ["active": false]]))
        case .setActive(let id, true):
            return ("PATCH", "/Users/\(id)", patch(["op": "Replace", "path": "active", "value": "True"]))
        case .addMember(let id):
            return (
                "PATCH", "/Groups/\(groupID)",
                patch(["op": "add", "path": "members", "value": [["value": .string(id)]]])
            )
        case .removeMember(let id, true):
            return (
                "PATCH", "/Groups/\(groupID)", patch(["op": "remove", "path": .string("members[value eq \"\(id)\"]")])
            )
        case .removeMember(let id, false):
            return (
                "PATCH", "/Groups/\(groupID)",
                patch(["op": "Remove", "path": "members", "value": [["value": .string(id)]]])
            )
        case .delete(let id):
            return ("DELETE", "/Users/\(id)", nil)
        }
    }

    /// The status a successful request gets.
    static func expectedStatus(of operation: Operation) -> Int {
        switch operation {
        case .create: 201
        case .delete: 204
        default: 200
        }
    }
}

/// SplitMix64: a seeded generator, so that a failing run's workload can be replayed with `SCIMDIR_CRASH_SEED`.
struct CrashDriverRandom: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
