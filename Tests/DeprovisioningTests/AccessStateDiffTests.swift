import Testing

@testable import Deprovisioning

@Suite struct AccessStateDiffTests {
    @Test func newUserIsProvisionedWithItsActiveFlag() {
        let entries = state().entries(toAll: state(users: [user("alice"), user("bob", active: false)]))
        #expect(entries.provisioned.map(\.reason) == [.provisioned, .provisioned])
        #expect(entries.provisioned.map { $0.user?.record.active } == [true, false])
        #expect(entries.deprovisioned.isEmpty)
    }

    @Test func deactivationIsDeprovisionedWithTheNewRecord() {
        let entries = state(users: [user("alice")]).entries(toAll: state(users: [user("alice", active: false)]))
        #expect(
            entries.deprovisioned == [UserEntry(reason: .deactivated, user: EntryUser(user("alice", active: false)))])
        #expect(entries.usersLosingAccess == ["alice"])
    }

    @Test func reactivationIsProvisionedWithReasonReactivated() {
        let entries = state(users: [user("alice", active: false)]).entries(toAll: state(users: [user("alice")]))
        #expect(entries.provisioned == [UserEntry(reason: .reactivated, user: EntryUser(user("alice")))])
        #expect(entries.usersLosingAccess.isEmpty)
    }

    @Test func deletedUserCarriesItsRecordBeforeTheDeletion() {
        let entries = state(users: [user("alice", externalId: "00u1")]).entries(toAll: state())
        #expect(
            entries.deprovisioned == [UserEntry(reason: .deleted, user: EntryUser(user("alice", externalId: "00u1")))])
    }

    @Test func deletingAnInactiveUserIsListedButTakesNoAccess() {
        let entries = state(users: [user("alice", active: false)]).entries(toAll: state())
        #expect(entries.deprovisioned.map(\.reason) == [.deleted])
        #expect(entries.usersLosingAccess.isEmpty)
    }

    @Test func userNameChangeCarriesThePreviousValues() throws {
        let entries = state(users: [user("alice", "alice")]).entries(toAll: state(users: [user("alice", "asmith")]))
        let change = try #require(entries.identityChanged.first)
        #expect(change.reason == .userNameChanged)
        #expect(change.previousUserName == "alice")
        #expect(change.previousPrimaryEmail == "alice@example.com")
        #expect(change.user.record.userName == "asmith")
    }

    @Test func primaryEmailChangeIsAnIdentityChange() {
        let old = user("alice", "alice", email: "alice@example.com")
        let new = user("alice", "alice", email: "alice.smith@example.com")
        let entries = state(users: [old]).entries(toAll: state(users: [new]))
        #expect(entries.identityChanged.map(\.reason) == [.primaryEmailChanged])
        #expect(entries.identityChanged.first?.previousPrimaryEmail == "alice@example.com")
    }

    @Test func bothIdentifiersChangingYieldsOneEntry() {
        let entries = state(users: [user("alice", "alice", email: "a@example.com")])
            .entries(toAll: state(users: [user("alice", "asmith", email: "as@example.com")]))
        #expect(entries.identityChanged.map(\.reason) == [.userNameAndPrimaryEmailChanged])
    }

    @Test func deactivationWithRenameYieldsBothEntries() {
        let entries = state(users: [user("alice", "alice")])
            .entries(toAll: state(users: [user("alice", "asmith", active: false)]))
        #expect(entries.deprovisioned.map(\.reason) == [.deactivated])
        #expect(entries.identityChanged.map(\.reason) == [.userNameChanged])
    }

    @Test func informationalChangesYieldNoEntries() {
        var changed = user("alice", externalId: "new-external-id")
        changed.emails.append("alias@example.com")
        let entries = state(users: [user("alice", externalId: "old")], groups: [group("eng", members: ["alice"])])
            .entries(
                toAll: state(users: [changed], groups: [group("eng", "Engineering (renamed)", members: ["alice"])]))
        #expect(entries.isEmpty)
    }

    @Test func membershipsAddedAndRemovedNameGroupAndUser() {
        let old = state(users: [user("alice"), user("bob")], groups: [group("eng", members: ["alice"])])
        let new = state(users: [user("alice"), user("bob")], groups: [group("eng", members: ["bob"])])
        let entries = old.entries(toAll: new)
        #expect(
            entries.membershipsRemoved == [
                MembershipEntry(reason: .removed, group: group("eng").reference, user: EntryUser(user("alice")))
            ])
        #expect(
            entries.membershipsAdded == [
                MembershipEntry(reason: .added, group: group("eng").reference, user: EntryUser(user("bob")))
            ])
        #expect(entries.usersLosingAccess == ["alice"])
    }

    @Test func deletedUserMembershipsAreRemovedWithReasonMemberDeleted() {
        let old = state(users: [user("bob")], groups: [group("eng", members: ["bob"]), group("ops", members: ["bob"])])
        let new = state(groups: [group("eng"), group("ops")])
        let entries = old.entries(toAll: new)
        #expect(entries.deprovisioned.map(\.reason) == [.deleted])
        #expect(entries.membershipsRemoved.map(\.reason) == [.memberDeleted, .memberDeleted])
        #expect(entries.membershipsRemoved.map(\.group.id) == ["eng", "ops"])
        #expect(entries.usersLosingAccess == ["bob"])
    }

    @Test func deletedGroupIsListedWithItsMembershipsRemoved() {
        let old = state(users: [user("alice"), user("bob")], groups: [group("eng", members: ["alice", "bob"])])
        let new = state(users: [user("alice"), user("bob")])
        let entries = old.entries(toAll: new)
        #expect(entries.groupsDeleted == [GroupEntry(reason: .deleted, group: group("eng").reference)])
        #expect(entries.membershipsRemoved.map(\.reason) == [.groupDeleted, .groupDeleted])
        #expect(entries.usersLosingAccess == ["alice", "bob"])
    }

    @Test func emptyGroupDeletionIsListedAndEmptyGroupCreationIsNot() {
        #expect(state(groups: [group("eng")]).entries(toAll: state()).groupsDeleted.map(\.group.id) == ["eng"])
        #expect(state().entries(toAll: state(groups: [group("eng")])).isEmpty)
    }

    @Test func nestedGroupMemberIsNamedAsMemberGroup() {
        let old = state(groups: [group("eng"), group("all")])
        let new = state(groups: [group("eng"), group("all", members: ["eng"])])
        let entry = old.entries(toAll: new).membershipsAdded.first
        #expect(entry?.memberGroup == group("eng").reference)
        #expect(entry?.user == nil)
    }

    @Test func removingAnInactiveUserFromAGroupTakesNoAccess() {
        let old = state(users: [user("alice", active: false)], groups: [group("eng", members: ["alice"])])
        let new = state(users: [user("alice", active: false)], groups: [group("eng")])
        let entries = old.entries(toAll: new)
        #expect(entries.membershipsRemoved.count == 1)
        #expect(entries.usersLosingAccess.isEmpty)
    }

    @Test func onlyTheListedIdsAreCompared() {
        let old = state(users: [user("alice"), user("bob")])
        let new = state(users: [user("alice", active: false)])
        let entries = old.entries(to: new, users: ["alice"], groups: [])
        #expect(entries.deprovisioned.map { $0.user?.record.id } == ["alice"])
    }

    @Test func memberOutsideTheComparedIdsIsNamedFromTheOldState() {
        // A group change whose member the batch did not touch: the member's record comes from the emitted state.
        let old = state(users: [user("alice")], groups: [group("eng")])
        let new = state(groups: [group("eng", members: ["alice"])])
        let entries = old.entries(to: new, users: [], groups: ["eng"])
        #expect(entries.membershipsAdded.first?.user?.record == user("alice"))
    }

    @Test func nameIDResolverFillsEveryEntry() {
        let entries = state(users: [user("alice")], groups: [group("eng", members: ["alice"])])
            .entries(to: state(), users: ["alice"], groups: ["eng"], nameID: { "nameid:" + $0.userName })
        #expect(entries.deprovisioned.first?.user?.nameID == "nameid:alice@example.com")
        #expect(entries.membershipsRemoved.first?.user?.nameID == "nameid:alice@example.com")
    }

    @Test func activeUserCountFollowsEveryMutation() {
        var access = state(users: [user("alice"), user("bob", active: false)])
        #expect(access.activeUserCount == 1)
        access.setUser(user("bob"))
        access.setUser(user("alice", active: false))
        access.removeUser(id: "bob")
        access.removeUser(id: "nobody")
        #expect(access.activeUserCount == 0)
    }
}
