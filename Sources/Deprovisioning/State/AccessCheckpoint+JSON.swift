import DirectoryStore
import Foundation
import SCIM

// The checkpoint holds a record per user of the directory (34 MB for 100,000 users), so it is read and written with
// the project's JSONParser/JSONWriter rather than Codable, which took most of the daemon's start-up time. The shape is
// the Codable one, so either can read what the other wrote.
extension AccessCheckpoint {
    init(json: JSONValue) throws(StateFiles.Failure) {
        func fail(_ reason: String) -> StateFiles.Failure {
            StateFiles.Failure(path: "access-state.json", reason: "not a valid checkpoint: \(reason)")
        }
        guard let sequence = json["sequence"]?.integerValue, let users = json["state"]?["users"]?.arrayValue,
            let groups = json["state"]?["groups"]?.arrayValue
        else { throw fail("it needs sequence, state.users and state.groups") }
        var state = AccessState()
        for user in users {
            guard let id = user["id"]?.stringValue, let userName = user["userName"]?.stringValue,
                let emails = user["emails"]?.arrayValue, let active = user["active"]?.boolValue
            else { throw fail("a user needs id, userName, emails and active: \(user)") }
            state.setUser(
                UserRecord(
                    id: id, userName: userName, externalId: user["externalId"]?.stringValue,
                    emails: emails.compactMap(\.stringValue), primaryEmail: user["primaryEmail"]?.stringValue,
                    active: active))
        }
        for group in groups {
            guard let id = group["id"]?.stringValue, let displayName = group["displayName"]?.stringValue,
                let members = group["members"]?.arrayValue
            else { throw fail("a group needs id, displayName and members: \(group)") }
            state.setGroup(
                GroupRecord(
                    id: id, displayName: displayName, externalId: group["externalId"]?.stringValue,
                    members: Set(members.compactMap(\.stringValue))))
        }
        self.init(sequence: sequence, state: state)
        formatVersion = json["formatVersion"]?.integerValue ?? formatVersion
    }

    var jsonValue: JSONValue {
        func optional(_ value: String?) -> JSONValue? { value.map(JSONValue.string) }
        let users: [JSONValue] = state.users.values.sorted { $0.id < $1.id }.map { user in
            var object: JSONObject = [
                "id": .string(user.id), "userName": .string(user.userName),
                "emails": .array(user.emails.map(JSONValue.string)), "active": .bool(user.active),
            ]
            object["externalId"] = optional(user.externalId)
            object["primaryEmail"] = optional(user.primaryEmail)
            return .object(object)
        }
        let groups: [JSONValue] = state.groups.values.sorted { $0.id < $1.id }.map { group in
            var object: JSONObject = [
                "id": .string(group.id), "displayName": .string(group.displayName),
                "members": .array(group.members.sorted().map(JSONValue.string)),
            ]
            object["externalId"] = optional(group.externalId)
            return .object(object)
        }
        return [
            "formatVersion": .integer(formatVersion), "sequence": .integer(sequence),
            "state": ["users": .array(users), "groups": .array(groups)],
        ]
    }
}
