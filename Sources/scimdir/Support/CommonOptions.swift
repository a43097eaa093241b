import ArgumentParser
import Foundation
import Logging

/// `--directory`, shared by every command that reads the directory; also `SCIMDIR_DIRECTORY`.
struct DirectoryOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The directory of users/ and groups/ files (env SCIMDIR_DIRECTORY).", valueName: "dir"))
    var directory: String = SettingsEnvironment["SCIMDIR_DIRECTORY"] ?? "./scim-directory"

    var directoryURL: URL { URL(fileURLWithPath: directory, isDirectory: true) }
}

/// `--state-directory`, shared by every command that reads runtime state; also `SCIMDIR_STATE_DIRECTORY`.
struct StateOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where the token hash, outbox and cursors live (env SCIMDIR_STATE_DIRECTORY).", valueName: "dir"))
    var stateDirectory: String = SettingsEnvironment["SCIMDIR_STATE_DIRECTORY"] ?? "./.scimdir"

    var stateDirectoryURL: URL { URL(fileURLWithPath: stateDirectory, isDirectory: true) }

    /// Creates the state directory with mode 0700, or makes an existing one 0700 (an admin's `mkdir`, systemd's
    /// `StateDirectoryMode=0755` default): it holds the token hash and the deprovisioning feed, which names users.
    ///
    /// - Parameter logger: told when an existing folder was made private.
    func createStateDirectory(logger: Logger? = nil) throws {
        let path = stateDirectoryURL.path
        try FileManager.default.createDirectory(
            at: stateDirectoryURL, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0o700
        if mode & 0o077 != 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
            logger?.notice(
                "made the state directory private (mode 700)",
                metadata: ["path": "\(path)", "previousMode": "\(String(mode, radix: 8))"])
        }
    }
}

/// `--log-level`, and the one place logging is set up.
struct LoggingOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "trace, debug, info, notice, warning, error or critical (env SCIMDIR_LOG_LEVEL).", valueName: "level"))
    var logLevel: String = SettingsEnvironment["SCIMDIR_LOG_LEVEL"] ?? "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError(
                "\(SettingsEnvironment.describe("--log-level", "SCIMDIR_LOG_LEVEL")) must be one of "
                    + "\(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")); got \(logLevel)")
        }
    }

    /// The level given (``validate()`` refused any other text).
    var level: Logger.Level { Logger.Level(rawValue: logLevel) ?? .info }

    /// Installs the key=value handler at ``level`` and returns the root logger.
    func bootstrap() -> Logger {
        KeyValueLogHandler.defaultLevel = level
        LoggingSystem.bootstrap { label in KeyValueLogHandler(label: label) }
        return Logger(label: "scimdir")
    }
}
