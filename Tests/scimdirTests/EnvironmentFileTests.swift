import Foundation
import Testing

@testable import scimdir

/// `--environment-file` reads systemd's `EnvironmentFile=` syntax (systemd.exec(5)) and refuses what systemd would
/// silently skip.
@Suite struct EnvironmentFileTests {
    private func parse(_ text: String) throws -> [String: String] {
        try EnvironmentFile(path: "scimdir.env", text: text).variables
    }

    @Test func commentsBlankLinesQuotesAndBlanksAroundNamesAndValues() throws {
        let text = """
            # a comment
            ; another

              SCIMDIR_LOG_LEVEL = warning  \r
            SCIMDIR_ON_DIFF="/usr/bin/python3 /opt/consumer.py \\"$1\\" \\\\ \\n"
            SCIMDIR_PUBLIC_URL='https://scim.example.com/$path "as is" \\'
            SCIMDIR_BASE_PATH=/api/"v2" # not a comment
            SCIMDIR_EMPTY=
            SCIMDIR_LOG_LEVEL=info
            """
        #expect(
            try parse(text) == [
                "SCIMDIR_LOG_LEVEL": "info",
                "SCIMDIR_ON_DIFF": #"/usr/bin/python3 /opt/consumer.py "$1" \ \n"#,
                "SCIMDIR_PUBLIC_URL": #"https://scim.example.com/$path "as is" \"#,
                "SCIMDIR_BASE_PATH": #"/api/"v2" # not a comment"#,
                "SCIMDIR_EMPTY": "",
            ])
    }

    @Test func valuesContinueOverBackslashNewlinesAndQuotesSpanLines() throws {
        let text = "A=one \\\n two\nB='x\ny'\nC=\"p\\\nq\"\nD=keep\\ \n"
        #expect(try parse(text) == ["A": "one  two", "B": "x\ny", "C": "pq", "D": "keep "])
    }

    @Test(arguments: [
        ("SCIMDIR_LOG_LEVEL=info\nSCIMDIR_LOG_LEVEL warning\n", "line 2: expected NAME=VALUE"),
        ("\n\n1SCIMDIR=x\n", "line 3: \"1SCIMDIR\" is not a variable name"),
        ("SCIMDIR-LOG=x\n", "line 1: \"SCIMDIR-LOG\" is not a variable name"),
        ("A=1\nSCIMDIR_ON_DIFF=\"run\n\nB=2\n", "line 2: the quote \" is never closed"),
        ("SCIMDIR_BASE_PATH='/scim' /v2\n", "line 1: only blanks may follow the closing quote '"),
    ])
    func aLineThatIsNoAssignmentIsRefusedWithItsNumber(text: String, problem: String) {
        #expect {
            try parse(text)
        } throws: { error in
            "\(error)".hasPrefix("scimdir.env, \(problem)")
        }
    }

    @Test func theShippedSettingsFileParsesWithEveryExampleUncommented() throws {
        let url = SystemdUnitTests.repository.appendingPathComponent("systemd/scimdir.env")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(try parse(text).isEmpty, "every setting is commented out")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let uncommented = try parse(
            lines.map { $0.hasPrefix("#SCIMDIR_") ? $0.dropFirst() : $0 }.joined(separator: "\n"))
        #expect(uncommented["SCIMDIR_ON_DIFF"] == "/usr/bin/python3 /usr/local/share/scimdir/host-consumer.py")
        #expect(uncommented["SCIMDIR_DEPROVISION_LIMIT"] == "10" && uncommented["SCIMDIR_LOG_LEVEL"] == "info")
    }

    @Test func aMissingFileHasNoVariablesAndAnUnreadableOneIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scimdir-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try EnvironmentFile.read(path: folder.appendingPathComponent("absent.env").path).variables.isEmpty)
        let binary = folder.appendingPathComponent("binary.env")
        try Data([0x41, 0x3D, 0xFF]).write(to: binary)
        #expect(throws: EnvironmentFile.Failure.self) { try EnvironmentFile.read(path: binary.path) }
    }
}
