import Foundation

/// Where the `SCIMDIR_*` defaults of the options come from: the process environment, overlaid by the variables of
/// `serve --environment-file` while `serve` parses its command line against that file (at start and on SIGHUP).
/// A flag given on the command line wins over both.
///
/// ```swift
/// var listen: String = SettingsEnvironment["SCIMDIR_LISTEN"] ?? "127.0.0.1:8080"
/// let command = try SettingsEnvironment.$file.withValue(file) { try SCIMDirCommand.parseAsRoot(arguments) }
/// ```
///
/// Ownership: the file is a task-local value, so a parse against it never changes what another task reads.
enum SettingsEnvironment {
    /// The environment file whose variables win over the process environment, during a parse against it.
    @TaskLocal static var file: EnvironmentFile?

    /// The value of variable `name`: the file's if it sets it, else the process environment's.
    static subscript(name: String) -> String? {
        file?.variables[name] ?? ProcessInfo.processInfo.environment[name]
    }

    /// `--flag (env NAME)`: how a usage error names a setting, since its value may have come from either.
    static func describe(_ flag: String, _ variable: String) -> String {
        "\(flag) (env \(variable))"
    }
}
