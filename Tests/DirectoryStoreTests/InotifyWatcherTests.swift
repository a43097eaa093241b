import Dispatch
import Foundation
import Glibc
import Testing

@testable import DirectoryStore

/// The inotify wrapper on real temporary folders (a ``StoreFixture``'s): which events arrive, with which names, and how
/// reads end.
@Suite struct InotifyWatcherTests {
    /// Reads until `count` events have arrived or a read times out after a generous second (events of finished
    /// system calls are queued already, so only a broken watcher waits that long).
    private func events(_ inotify: InotifyWatcher, count: Int) -> [InotifyWatcher.Event] {
        var events: [InotifyWatcher.Event] = []
        while events.count < count, case .events(let more) = inotify.read(timeoutMilliseconds: 1000) {
            events += more
        }
        return events
    }

    private func bits(_ flag: Int32) -> UInt32 { UInt32(flag) }

    @Test func createModifyRenameAndDeleteArriveWithTheirNames() throws {
        let fixture = try StoreFixture()
        let inotify = try InotifyWatcher()
        let users = fixture.url("users").path
        try inotify.watch(users)
        /// The events `change` causes, as `kind name` (read after each change: the kernel merges an event identical
        /// to the one queued before it, such as two writes of one file).
        func events(of change: () throws -> Void, count: Int) rethrows -> [String] {
            try change()
            let kinds: [(Int32, String)] = [
                (IN_CREATE, "create"), (IN_CLOSE_WRITE, "write"), (IN_MOVED_FROM, "moved-from"),
                (IN_MOVED_TO, "moved-to"), (IN_DELETE, "delete"),
            ]
            let seen = self.events(inotify, count: count)
            #expect(seen.allSatisfy { $0.folder == users && !$0.isOverflow && !$0.isFolderGone }, "\(seen)")
            return seen.map { event in
                kinds.filter { event.mask & bits($0.0) != 0 }.map { "\($0.1) \(event.name)" }.joined(separator: ",")
            }
        }

        #expect(
            try events(of: { try fixture.write("users/a.json", "{}") }, count: 2) == ["create a.json", "write a.json"])
        #expect(try events(of: { try fixture.write("users/a.json", #"{"id": "a"}"#) }, count: 1) == ["write a.json"])
        let rename = {
            try FileManager.default.moveItem(at: fixture.url("users/a.json"), to: fixture.url("users/b.json"))
        }
        #expect(try events(of: rename, count: 2) == ["moved-from a.json", "moved-to b.json"])
        let delete = { try FileManager.default.removeItem(at: fixture.url("users/b.json")) }
        #expect(try events(of: delete, count: 1) == ["delete b.json"])
    }

    @Test func aReadWithNothingToReportTimesOut() throws {
        let fixture = try StoreFixture()
        try fixture.write("users/a.json", "{}")
        let inotify = try InotifyWatcher()
        try inotify.watch(fixture.url("users").path)
        // Reading a file, and writing one in a folder that is not watched, are no events.
        #expect(fixture.read("users/a.json") == "{}")
        try fixture.write("groups/g.json", "{}")

        guard case .timeout = inotify.read(timeoutMilliseconds: 100) else {
            Issue.record("expected a timeout")
            return
        }
        guard case .timeout = inotify.read(timeoutMilliseconds: 0) else {
            Issue.record("expected a timeout without waiting")
            return
        }
    }

    @Test func closeWakesAReadThatWaitsForever() async throws {
        let fixture = try StoreFixture()
        let inotify = try InotifyWatcher()
        try inotify.watch(fixture.url("users").path)
        let reader = DispatchSemaphore(value: 0)
        let result = ResultBox()
        Thread {
            result.value = inotify.read(timeoutMilliseconds: -1)
            reader.signal()
        }.start()
        // Give the reader time to block in poll(2); closing before it gets there must end it the same way.
        try await Task.sleep(for: .milliseconds(200))
        inotify.close()

        #expect(reader.wait(timeout: .now() + 30) == .success, "close did not wake the blocked read")
        guard case .closed = result.value else {
            Issue.record("expected .closed, got \(String(describing: result.value))")
            return
        }
        guard case .closed = inotify.read(timeoutMilliseconds: 1000) else {
            Issue.record("a read after close must end at once as closed")
            return
        }
    }

    @Test func removingOrMovingTheWatchedFolderIsReported() throws {
        let fixture = try StoreFixture()
        let inotify = try InotifyWatcher()
        let users = fixture.url("users").path
        let groups = fixture.url("groups").path
        try inotify.watch(users)
        try inotify.watch(groups)

        try FileManager.default.removeItem(atPath: users)
        try FileManager.default.moveItem(atPath: groups, toPath: groups + "-old")

        // users: IN_DELETE_SELF, then IN_IGNORED as the kernel drops the watch; groups: IN_MOVE_SELF.
        let seen = events(inotify, count: 3)
        let usersEvents = seen.filter { $0.folder == users }
        #expect(usersEvents.contains { $0.mask & bits(IN_DELETE_SELF) != 0 && $0.isFolderGone }, "\(seen)")
        #expect(usersEvents.contains { $0.mask & bits(IN_IGNORED) != 0 && $0.isFolderGone }, "\(seen)")
        #expect(usersEvents.allSatisfy { $0.name.isEmpty })
        #expect(
            seen.contains { $0.folder == groups && $0.mask & bits(IN_MOVE_SELF) != 0 && $0.isFolderGone }, "\(seen)")
    }

    @Test func watchingAMissingFolderThrowsWithTheReason() throws {
        let fixture = try StoreFixture()
        let inotify = try InotifyWatcher()
        #expect {
            try inotify.watch(fixture.url("users/missing").path)
        } throws: { error in
            let failure = error as? InotifyWatcher.Failure
            return failure?.code == ENOENT && failure?.description.contains("missing") == true
        }
    }

    /// `fs.inotify.max_queued_events`: how many events the kernel queues for one instance before it drops the rest.
    static let maximumQueuedEvents =
        (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8))
        .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }

    @Test(.enabled(if: (maximumQueuedEvents ?? .max) <= 1 << 20, "a burst beyond the queue takes a moment"))
    func eventsBeyondTheKernelQueueAreReportedAsAnOverflow() throws {
        let fixture = try StoreFixture()
        let inotify = try InotifyWatcher()
        try inotify.watch(fixture.url("users").path)
        let limit = try #require(Self.maximumQueuedEvents)

        // Nothing reads meanwhile. Two names in turn, since the kernel merges an event identical to the one before.
        let names = [fixture.url("users/0.json").path, fixture.url("users/1.json").path]
        for index in 0...limit {
            // open and close: IN_CLOSE_WRITE (and IN_CREATE the first time), as fast as the kernel allows.
            let descriptor = open(names[index % 2], O_WRONLY | O_CREAT, 0o644)
            try #require(descriptor >= 0, "open: errno \(errno)")
            close(descriptor)
        }
        try fixture.write("users/last.json", "{}")

        guard case .events(let events) = inotify.read(timeoutMilliseconds: 1000) else {
            Issue.record("no events after the burst")
            return
        }
        #expect(events.contains { $0.isOverflow })
        #expect(events.count == limit + 1, "max_queued_events, then the overflow")
        #expect(events.last?.isOverflow == true, "the overflow is queued last: what follows is dropped")
        #expect(!events.contains { $0.name == "last.json" })
    }
}

/// The value a thread hands back to a test that waits on a semaphore (which orders the accesses).
private final class ResultBox: @unchecked Sendable {
    var value: InotifyWatcher.ReadResult?
}
