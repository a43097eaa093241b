import Foundation

@testable import Deprovisioning

/// Small builders for access states in unit tests.
func user(
    _ id: String, _ userName: String? = nil, email: String? = nil, active: Bool = true, externalId: String? = nil
) -> UserRecord {
    let mail = email ?? "\(id)@example.com"
    return UserRecord(
        id: id, userName: userName ?? mail, externalId: externalId, emails: [mail], primaryEmail: mail, active: active)
}

func group(_ id: String, _ displayName: String? = nil, members: Set<String> = []) -> GroupRecord {
    GroupRecord(id: id, displayName: displayName ?? id.capitalized, members: members)
}

func state(users: [UserRecord] = [], groups: [GroupRecord] = []) -> AccessState {
    var state = AccessState()
    for user in users { state.setUser(user) }
    for group in groups { state.setGroup(group) }
    return state
}

extension AccessState {
    /// The entries from `self` to `target`, comparing every id of both.
    func entries(toAll target: AccessState) -> DiffEntries {
        entries(
            to: target, users: Set(users.keys).union(target.users.keys),
            groups: Set(groups.keys).union(target.groups.keys))
    }
}
