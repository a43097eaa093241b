import Testing

@testable import Deprovisioning

@Suite struct DeprovisionLimitTests {
    @Test(arguments: [
        ("10", DeprovisionLimit(count: 10)), ("5%", DeprovisionLimit(percent: 5)),
        ("10,5%", DeprovisionLimit(count: 10, percent: 5)), ("2.5%, 3", DeprovisionLimit(count: 3, percent: 2.5)),
        ("0", DeprovisionLimit(count: 0)),
    ])
    func parsesCountShareAndBoth(text: String, expected: DeprovisionLimit) throws {
        #expect(try DeprovisionLimit(parsing: text) == expected)
    }

    @Test(arguments: ["", "ten", "-1", "101%", "5%,6%", "1,2", "10,5%,3", "%"])
    func rejectsMalformedLimits(text: String) {
        #expect(throws: DeprovisionLimit.ParseError.self) { try DeprovisionLimit(parsing: text) }
    }

    @Test func describesItselfAsItParses() throws {
        #expect(try DeprovisionLimit(parsing: "10,5%").description == "10,5%")
        #expect(DeprovisionLimit(percent: 2.5).description == "2.5%")
    }

    @Test func countIsExceededOnlyAboveIt() {
        let limit = DeprovisionLimit.standard
        #expect(!limit.isExceeded(usersLosingAccess: 10, activeUsers: 10))
        #expect(limit.isExceeded(usersLosingAccess: 11, activeUsers: 1000))
    }

    @Test func shareIsMeasuredAgainstTheActiveUsers() {
        let limit = DeprovisionLimit(percent: 5)
        #expect(!limit.isExceeded(usersLosingAccess: 5, activeUsers: 100))
        #expect(limit.isExceeded(usersLosingAccess: 6, activeUsers: 100))
        #expect(limit.isExceeded(usersLosingAccess: 1, activeUsers: 10))
        #expect(!limit.isExceeded(usersLosingAccess: 0, activeUsers: 0))
    }

    @Test func withBothTheStricterDecides() {
        let limit = DeprovisionLimit(count: 10, percent: 5)
        #expect(limit.isExceeded(usersLosingAccess: 6, activeUsers: 100))  // share
        #expect(limit.isExceeded(usersLosingAccess: 11, activeUsers: 10_000))  // count
        #expect(!limit.isExceeded(usersLosingAccess: 10, activeUsers: 10_000))
    }
}
