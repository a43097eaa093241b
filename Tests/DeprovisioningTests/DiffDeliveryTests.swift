import Foundation
import Testing

@testable import Deprovisioning

@Suite struct DiffDeliveryTests {
    @Test func retryDelayDoublesUpToTheMaximum() {
        var configuration = DiffDelivery.Configuration(command: HookCommand("true"))
        configuration.retryDelay = .seconds(1)
        configuration.maximumRetryDelay = .seconds(300)
        let delivery = DiffDelivery(
            files: StateFiles(directory: URL(fileURLWithPath: "/nonexistent")), configuration: configuration,
            logger: DirectoryFixture.logger)
        #expect(
            (1...10).map { delivery.retryDelay(afterFailures: $0) }
                == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300].map(Duration.seconds))
    }

    @Test func failingCommandIsRetriedInOrderAndEachDiffAcknowledgedOnce() async throws {
        let fixture = try await DirectoryFixture()
        defer { fixture.remove() }
        let hook = try HookScript(in: fixture.root.url, failures: 3)
        var configuration = DiffDelivery.Configuration(command: HookCommand(hook.script.path))
        configuration.retryDelay = .milliseconds(20)
        configuration.pollInterval = .milliseconds(50)
        let delivery = DiffDelivery(files: fixture.files, configuration: configuration, logger: DirectoryFixture.logger)
        try await fixture.attachFeed(onDiffWritten: { _ in delivery.wake() })

        let running = Task { try await delivery.run() }
        defer { running.cancel() }
        try await fixture.createUser("alice@example.com")
        try await fixture.createUser("bob@example.com")
        try await eventually("delivery") { hook.delivered == [1, 2] }
        // The cursor is written after the hook exits, so it may lag the hook's own record by a moment.
        try await eventually("acknowledgement") { (try? DeliveryCursor.read(from: fixture.files).acknowledged) == 2 }
        #expect(hook.runs.map(\.sequence) == [1, 1, 1, 1, 2])
    }

    @Test func aRunThatOutlastsTheTimeoutIsStoppedAndRetried() async throws {
        let fixture = try await DirectoryFixture()
        defer { fixture.remove() }
        // The first run hangs (as a consumer waiting on a dead host would); later runs succeed.
        let runs = fixture.root.appending("runs")
        let script = fixture.root.appending("hang-once.sh")
        try """
            #!/bin/sh
            echo run >> '\(runs.path)'
            [ "$(wc -l < '\(runs.path)')" -eq 1 ] && sleep 300
            exit 0
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        var configuration = DiffDelivery.Configuration(command: HookCommand(script.path))
        configuration.retryDelay = .milliseconds(20)
        configuration.pollInterval = .milliseconds(50)
        configuration.timeout = .milliseconds(500)
        let delivery = DiffDelivery(files: fixture.files, configuration: configuration, logger: DirectoryFixture.logger)
        try await fixture.attachFeed(onDiffWritten: { _ in delivery.wake() })

        let running = Task { try await delivery.run() }
        defer { running.cancel() }
        try await fixture.createUser("alice@example.com")
        // Only a stopped first run lets the second one acknowledge the diff within the wait.
        try await eventually("acknowledgement") { (try? DeliveryCursor.read(from: fixture.files).acknowledged) == 1 }
        #expect(try String(contentsOf: runs, encoding: .utf8) == "run\nrun\n")
    }
}
