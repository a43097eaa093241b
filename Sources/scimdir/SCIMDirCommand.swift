import ArgumentParser

/// The `scimdir` executable: a SCIM 2.0 service provider on a directory of JSON files.
@main
struct SCIMDirCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scimdir",
        abstract: "A SCIM 2.0 service provider that keeps users and groups as JSON files in a directory.",
        subcommands: [
            ServeCommand.self, TokenCommand.self, CheckCommand.self, ReconcileCommand.self, BenchCommand.self,
            DiffCommand.self,
        ])
}
