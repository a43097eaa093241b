import Foundation
import Testing

/// The files in `systemd/` pass systemd's own checks (ARCHITECTURE §9).
///
/// `systemd-analyze verify` insists that every command a unit runs exists, so the units are checked in a temporary
/// folder with `/usr/local/bin/scimdir` replaced by the binary under test. Where systemd's tools are not installed
/// (`.ci/run` installs them), the tests are skipped with a message.
@Suite struct SystemdUnitTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let units = ["scimdir.service", "scimdir-consumer.service", "scimdir-consumer.path"]

    static func tool(_ name: String) -> String? {
        ["/usr/bin/\(name)", "/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `executable` with `arguments`; returns its exit status and everything it printed.
    static func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = await offThread { pipe.fileHandleForReading.readDataToEndOfFile() }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test(.enabled(if: tool("systemd-analyze") != nil, "systemd-analyze is not installed (apt-get install systemd)"))
    func unitsPassSystemdAnalyzeVerify() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scimdir-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for unit in Self.units {
            let text = try String(
                contentsOf: Self.repository.appendingPathComponent("systemd/\(unit)"), encoding: .utf8)
            #expect(text.contains("/usr/local/bin/scimdir") || unit.hasSuffix(".path"))
            try text.replacingOccurrences(of: "/usr/local/bin/scimdir", with: ScimdirProcess.executable.path)
                .write(to: folder.appendingPathComponent(unit), atomically: true, encoding: .utf8)
        }
        let result = try await Self.run(
            Self.tool("systemd-analyze")!, ["verify"] + Self.units.map { folder.appendingPathComponent($0).path })
        #expect(result.status == 0 && result.output.isEmpty, "\(result.output)")
    }

    @Test(.enabled(if: tool("systemd-sysusers") != nil, "systemd-sysusers is not installed (apt-get install systemd)"))
    func sysusersFileCreatesTheServiceUserWithItsHomeInTheStateDirectory() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "scimdir-sysusers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try await Self.run(
            Self.tool("systemd-sysusers")!,
            ["--root=\(root.path)", Self.repository.appendingPathComponent("systemd/sysusers.d/scimdir.conf").path])
        #expect(result.status == 0, "\(result.output)")
        let passwd = try String(contentsOf: root.appendingPathComponent("etc/passwd"), encoding: .utf8)
        #expect(
            passwd.split(separator: "\n").contains { $0.hasPrefix("scimdir:") && $0.contains(":/var/lib/scimdir:") })
    }

    @Test func serviceUnitKeepsTheHardeningAReviewerExpects() throws {
        let unit = try String(
            contentsOf: Self.repository.appendingPathComponent("systemd/scimdir.service"), encoding: .utf8)
        let settings = Set(unit.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init))
        for expected in [
            "Type=notify", "NotifyAccess=main", "ExecReload=/bin/kill -HUP $MAINPID", "StateDirectory=scimdir",
            "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes", "NoNewPrivileges=yes",
            "CapabilityBoundingSet=", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
            "SystemCallFilter=@system-service",
            "SystemCallArchitectures=native", "UMask=0077", "LockPersonality=yes", "MemoryDenyWriteExecute=yes",
            "RestrictNamespaces=yes", "RestrictRealtime=yes", "RestrictSUIDSGID=yes", "ProtectKernelTunables=yes",
            "ProtectKernelModules=yes", "ProtectControlGroups=yes", "EnvironmentFile=-/etc/scimdir/scimdir.env",
        ] {
            #expect(settings.contains(expected), "scimdir.service lacks \(expected)")
        }
        #expect(settings.contains { $0.hasPrefix("WatchdogSec=") })
        // A reload re-reads the settings systemd read at start: the same file.
        #expect(
            settings.contains {
                $0.hasPrefix("ExecStart=/usr/local/bin/scimdir serve --environment-file /etc/scimdir/scimdir.env ")
            })
    }
}
