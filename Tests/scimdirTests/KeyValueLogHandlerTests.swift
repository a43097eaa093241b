import Foundation
import Dispatch
import Glibc
import Logging
import Testing

@testable import scimdir

/// Log lines that read well in journald: one line per event, syslog priorities for the journal.
@Suite struct KeyValueLogHandlerTests {
    @Test func plainValuesStayBareAndOthersAreQuotedWithEscapes() {
        #expect(KeyValueLogHandler.quoted("GET") == "GET")
        #expect(KeyValueLogHandler.quoted("") == #""""#)
        #expect(KeyValueLogHandler.quoted("a b") == #""a b""#)
        #expect(KeyValueLogHandler.quoted(#"say "hi" \o/"#) == #""say \"hi\" \\o/""#)
        #expect(KeyValueLogHandler.quoted("k=v") == #""k=v""#)
    }

    @Test func controlCharactersCannotBreakOrForgeALine() {
        let hostile = "alice\nlevel=critical msg=forged\r\t\u{1b}[31m\u{2028}"
        let quoted = KeyValueLogHandler.quoted(hostile)
        #expect(quoted == #""alice\nlevel=critical msg=forged\r\t\u{1b}[31m\u{2028}""#)
        #expect(!quoted.unicodeScalars.contains { $0.properties.generalCategory == .control })
    }

    @Test func levelsMapToSyslogPriorities() {
        #expect(Logger.Level.allCases.map(KeyValueLogHandler.syslogPriority) == [7, 7, 6, 5, 4, 3, 2])
    }

    @Test func theJournalIsRecognizedByTheDeviceAndInodeOfStandardError() {
        var status = stat()
        #expect(fstat(STDERR_FILENO, &status) == 0)
        #expect(KeyValueLogHandler.standardErrorIsJournal("\(status.st_dev):\(status.st_ino)"))
        #expect(!KeyValueLogHandler.standardErrorIsJournal("\(status.st_dev):\(status.st_ino + 1)"))
        #expect(!KeyValueLogHandler.standardErrorIsJournal(nil))
    }
}
