import ArgumentParser

@main
struct SCIMDirCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scimdir")
}
