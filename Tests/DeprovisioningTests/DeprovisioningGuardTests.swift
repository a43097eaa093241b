import Testing

@testable import Deprovisioning

@Suite struct DeprovisioningGuardTests {
    /// A diff created at `time` that deactivates `ids` out of `active` active users.
    private func diff(_ sequence: Int, at time: Double, deactivating ids: [String], active: Int = 100)
        -> DeprovisioningDiff
    {
        var entries = DiffEntries()
        entries.deprovisioned = ids.map { UserEntry(reason: .deactivated, user: EntryUser(user($0, active: false))) }
        return DeprovisioningDiff(
            sequence: sequence, createdAt: time, origin: DiffOrigin(type: .directoryEdit), summary: "",
            entries: entries,
            activeUsersBefore: active)
    }

    @Test func batchOverTheLimitIsHeld() throws {
        var deprovisioningGuard = DeprovisioningGuard(limit: .standard, window: .seconds(900))
        #expect(deprovisioningGuard.evaluate(diff(1, at: 0, deactivating: (1...10).map { "u\($0)" })) == nil)
        let verdict = deprovisioningGuard.evaluate(diff(2, at: 1_000, deactivating: (11...21).map { "u\($0)" }))
        let hold = try #require(verdict)
        #expect(hold.rule == .batch)
        #expect(hold.usersLosingAccess == 11)
        #expect(hold.sequence == 2)
    }

    @Test func theSingleDeletionThatCrossesTheWindowLimitIsHeldAndOnlyIt() {
        var deprovisioningGuard = DeprovisioningGuard(limit: .standard, window: .seconds(900))
        let holds = (1...15).map { index in
            deprovisioningGuard.evaluate(diff(index, at: Double(index * 10), deactivating: ["u\(index)"]))
        }
        #expect(holds.compactMap { $0?.sequence } == [11])
        #expect(holds[10]?.rule == .window)
        #expect(holds[10]?.windowUsersLosingAccess == 11)
    }

    @Test func lossesOutsideTheWindowDoNotCount() {
        var deprovisioningGuard = DeprovisioningGuard(limit: .standard, window: .seconds(60))
        for index in 1...30 {
            #expect(
                deprovisioningGuard.evaluate(diff(index, at: Double(index * 10), deactivating: ["u\(index)"])) == nil)
        }
    }

    @Test func aUserCountsOnceInTheWindow() {
        var deprovisioningGuard = DeprovisioningGuard(limit: DeprovisionLimit(count: 1), window: .seconds(900))
        #expect(deprovisioningGuard.evaluate(diff(1, at: 0, deactivating: ["alice"])) == nil)
        #expect(deprovisioningGuard.evaluate(diff(2, at: 1, deactivating: ["alice"])) == nil)
        #expect(deprovisioningGuard.evaluate(diff(3, at: 2, deactivating: ["bob"])) != nil)
    }

    @Test func aUserStaysInTheWindowWhileAnyOfItsDiffsIsInIt() {
        // alice's first loss leaves the window, her second does not: with bob, two users lost access within it.
        var deprovisioningGuard = DeprovisioningGuard(limit: DeprovisionLimit(count: 1), window: .seconds(60))
        #expect(deprovisioningGuard.evaluate(diff(1, at: 0, deactivating: ["alice"])) == nil)
        #expect(deprovisioningGuard.evaluate(diff(2, at: 30, deactivating: ["alice"])) == nil)
        let verdict = deprovisioningGuard.evaluate(diff(3, at: 70, deactivating: ["bob"]))
        #expect(verdict?.rule == .window)
        #expect(verdict?.windowUsersLosingAccess == 2)
        // Once both of alice's losses have left the window, bob and carol are the only ones in it (not 3).
        #expect(deprovisioningGuard.evaluate(diff(4, at: 95, deactivating: ["carol"]))?.windowUsersLosingAccess == 2)
    }

    @Test func windowShareIsMeasuredAgainstTheActiveUsersAtItsStart() {
        var deprovisioningGuard = DeprovisioningGuard(limit: DeprovisionLimit(percent: 10), window: .seconds(900))
        // 20 active users: 2 may go; the third crosses, although 18 remain active by then.
        #expect(deprovisioningGuard.evaluate(diff(1, at: 0, deactivating: ["a"], active: 20)) == nil)
        #expect(deprovisioningGuard.evaluate(diff(2, at: 1, deactivating: ["b"], active: 19)) == nil)
        let verdict = deprovisioningGuard.evaluate(diff(3, at: 2, deactivating: ["c"], active: 18))
        #expect(verdict?.activeUsers == 20)
    }

    @Test func rememberedDiffsCountTowardsTheWindow() {
        var deprovisioningGuard = DeprovisioningGuard(limit: .standard, window: .seconds(900))
        for index in 1...10 {
            deprovisioningGuard.remember(diff(index, at: Double(index), deactivating: ["u\(index)"]))
        }
        let verdict = deprovisioningGuard.evaluate(diff(11, at: 20, deactivating: ["u11"]))
        #expect(verdict?.rule == .window)
    }

    @Test func zeroWindowChecksBatchesOnly() {
        var deprovisioningGuard = DeprovisioningGuard(limit: .standard, window: .zero)
        for index in 1...30 {
            #expect(deprovisioningGuard.evaluate(diff(index, at: Double(index), deactivating: ["u\(index)"])) == nil)
        }
    }

    @Test func diffsThatTakeNoAccessAreNeverHeld() {
        var deprovisioningGuard = DeprovisioningGuard(limit: DeprovisionLimit(count: 0), window: .seconds(900))
        #expect(deprovisioningGuard.evaluate(diff(1, at: 0, deactivating: [])) == nil)
        #expect(deprovisioningGuard.evaluate(diff(2, at: 0, deactivating: ["a"])) != nil)
    }
}
