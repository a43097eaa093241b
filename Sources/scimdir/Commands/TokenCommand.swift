import ArgumentParser
import Foundation
import SCIMServer

/// `scimdir token rotate|status`.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, rotate or inspect the bearer token.",
        subcommands: [Rotate.self, Status.self])

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the bearer token; prints the new token alone on standard output.",
            discussion: "The old token stops working at once, also in a server that is already running.")

        @OptionGroup var state: StateOptions

        func run() throws {
            try state.createStateDirectory()
            let token = try TokenStore(stateDirectory: state.stateDirectoryURL).rotate()
            FileHandle.standardError.write(Data("New bearer token (copy it now; it cannot be shown again):\n".utf8))
            print(token)
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show whether a token exists and since when.")

        @OptionGroup var state: StateOptions

        func run() throws {
            let store = TokenStore(stateDirectory: state.stateDirectoryURL)
            if let created = store.status().created {
                print("A bearer token exists, created \(created) (\(store.file.path)).")
            } else {
                print("No bearer token exists. Create one with: scimdir token rotate")
                throw ExitCode(1)
            }
        }
    }
}
