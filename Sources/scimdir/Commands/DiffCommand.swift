import ArgumentParser
import Deprovisioning
import Foundation
import SCIM

/// `scimdir diff list|show|pending|ack|release|between`: the deprovisioning diffs for the host (ARCHITECTURE §6).
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Read, acknowledge and release the deprovisioning diffs in the outbox.",
        discussion: """
            Every change that alters who has access yields one diff, STATE/outbox/<sequence>.json. The host app \
            reads them in order and acknowledges each (or `serve --on-diff CMD` does both). A diff that takes \
            access from more users than --deprovision-limit is held until released.
            """,
        subcommands: [List.self, Show.self, Pending.self, Ack.self, Release.self, DiffBetweenCommand.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the diffs: sequence, time, status (delivered, pending, held, released), entry counts.")

        @OptionGroup var state: StateOptions

        func run() throws {
            let queue = DiffQueue(files: StateFiles(directory: state.stateDirectoryURL))
            print("SEQUENCE  CREATED                   STATUS      -USER  +USER  IDENT  -MEMB  +MEMB  -GROUP  SUMMARY")
            for item in try queue.items() {
                let diff = try queue.outbox.read(item.sequence)
                let entries = diff.entries
                let counts = [
                    entries.deprovisioned.count, entries.provisioned.count, entries.identityChanged.count,
                    entries.membershipsRemoved.count, entries.membershipsAdded.count, entries.groupsDeleted.count,
                ]
                var line =
                    pad(String(item.sequence), 8) + "  " + pad(diff.createdAt, 24, right: false) + "  "
                    + pad(item.status.rawValue, 10, right: false)
                line += zip(counts, [5, 5, 5, 5, 5, 6]).map { "  " + pad(String($0), $1) }.joined()
                line += "  " + diff.summary
                if let hold = item.hold, item.status == .held {
                    line += "  [held: \(hold.explanation); release with: scimdir diff release \(item.sequence)]"
                }
                print(line)
            }
        }

        private func pad(_ text: String, _ width: Int, right: Bool = true) -> String {
            let padding = String(repeating: " ", count: max(0, width - text.count))
            return right ? padding + text : text + padding
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one diff (its JSON file).")

        @OptionGroup var state: StateOptions
        @Argument(help: "The diff's sequence number.") var sequence: Int

        func run() throws {
            let url = Outbox(files: StateFiles(directory: state.stateDirectoryURL)).url(for: sequence)
            guard let contents = FileManager.default.contents(atPath: url.path) else {
                FileHandle.standardError.write(Data("error: there is no diff \(sequence) (\(url.path))\n".utf8))
                throw ExitCode(1)
            }
            FileHandle.standardOutput.write(contents)
        }
    }

    struct Pending: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the path of each diff that may be delivered now, in order, one per line.",
            discussion: """
                These are the unacknowledged diffs up to the first held one. For scripts: apply each file, then \
                `scimdir diff ack N`. A held diff is reported on standard error.
                """)

        @OptionGroup var state: StateOptions

        func run() throws {
            let queue = DiffQueue(files: StateFiles(directory: state.stateDirectoryURL))
            for sequence in try queue.deliverable() { print(queue.outbox.url(for: sequence).path) }
            if let hold = try queue.blockingHold() {
                FileHandle.standardError.write(
                    Data(
                        "diff \(hold.sequence) is held (\(hold.explanation)); later diffs wait behind it. Release it with: scimdir diff release \(hold.sequence)\n"
                            .utf8))
            }
        }
    }

    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Acknowledge every diff up to N as applied by the host (idempotent).")

        @OptionGroup var state: StateOptions
        @Argument(help: "The sequence number of the last diff the host applied.") var sequence: Int

        func run() throws {
            let queue = DiffQueue(files: StateFiles(directory: state.stateDirectoryURL))
            do {
                let moved = try queue.acknowledge(sequence)
                FileHandle.standardError.write(
                    Data((moved ? "acknowledged up to \(sequence)\n" : "already acknowledged up to \(sequence)\n").utf8)
                )
            } catch let refusal as DiffQueue.Refusal {
                FileHandle.standardError.write(Data("error: \(refusal)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Release a diff the guard held, so that it and the diffs behind it are delivered.")

        @OptionGroup var state: StateOptions
        @Argument(help: "The held diff's sequence number.") var sequence: Int

        func run() throws {
            let queue = DiffQueue(files: StateFiles(directory: state.stateDirectoryURL))
            do {
                let released = try queue.release(
                    sequence, at: SCIMDateTime.string(secondsSince1970: Date().timeIntervalSince1970))
                FileHandle.standardError.write(
                    Data((released ? "released diff \(sequence)\n" : "diff \(sequence) was released already\n").utf8))
            } catch let refusal as DiffQueue.Refusal {
                FileHandle.standardError.write(Data("error: \(refusal)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
