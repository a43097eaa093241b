import DirectoryStore
import Foundation
import SCIM
import Testing

@testable import Deprovisioning

@Suite struct UserRecordTests {
    private func stored(_ body: JSONObject) -> StoredResource {
        ResourceFileCodec(registry: .standard).make(
            kind: .user, id: "u1", body: body, created: "2026-01-01T00:00:00Z", lastModified: "2026-01-01T00:00:00Z")
    }

    @Test func primaryEmailIsTheOneMarkedPrimary() {
        let record = UserRecord(
            stored([
                "userName": "alice",
                "emails": [["value": "home@example.com"], ["value": "work@example.com", "primary": true]],
            ]))
        #expect(record.primaryEmail == "work@example.com")
        #expect(record.emails == ["home@example.com", "work@example.com"])
    }

    @Test func primaryEmailFallsBackToTheFirst() {
        let record = UserRecord(
            stored(["userName": "alice", "emails": [["value": "a@example.com"], ["value": "b@example.com"]]]))
        #expect(record.primaryEmail == "a@example.com")
    }

    @Test func userWithoutActiveOrEmailsIsActiveWithNoPrimaryEmail() {
        let record = UserRecord(stored(["userName": "alice", "externalId": "00u1"]))
        #expect(record.active)
        #expect(record.primaryEmail == nil)
        #expect(record.externalId == "00u1")
    }

    @Test func groupRecordEncodesMembersSorted() throws {
        let record = GroupRecord(id: "g", displayName: "G", members: ["b", "a", "c"])
        let bytes = StateJSON.encode(record)
        #expect(try JSONParser().parse(bytes)["members"] == ["a", "b", "c"])
        #expect(try StateJSON.decoder.decode(GroupRecord.self, from: Data(bytes)) == record)
    }
}
