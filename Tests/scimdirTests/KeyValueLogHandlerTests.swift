import Foundation
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
        // Raw bytes rather than `stat`'s members: with MemberImportVisibility, which module those members belong to
        // (Glibc, CDispatch, CoreFoundation) depends on how the compiler batches this target's files. On Linux
        // x86_64 and aarch64, struct stat begins with st_dev and st_ino, 64 bits each.
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<stat>.size, alignment: 8)
        defer { buffer.deallocate() }
        #expect(fstat(STDERR_FILENO, buffer.assumingMemoryBound(to: stat.self)) == 0)
        let device = buffer.load(as: UInt64.self)
        let inode = buffer.load(fromByteOffset: 8, as: UInt64.self)
        #expect(KeyValueLogHandler.standardErrorIsJournal("\(device):\(inode)"))
        #expect(!KeyValueLogHandler.standardErrorIsJournal("\(device):\(inode + 1)"))
        #expect(!KeyValueLogHandler.standardErrorIsJournal(nil))
    }
}
