import DirectoryStore
import Foundation
import Glibc
import Testing

/// `AtomicFile` replaces files durably and leaves nothing behind (ARCHITECTURE §4.1).
@Suite struct AtomicFileTests {
    @Test func writeCreatesTheFileWithExactlyTheBytesAndLeavesNoTemporaryFile() throws {
        let fixture = try StoreFixture()
        let target = fixture.url("users/a.json")
        try AtomicFile.write(Array("first\n".utf8), to: target)
        try AtomicFile.write(Array("second, longer\n".utf8), to: target)
        #expect(fixture.read("users/a.json") == "second, longer\n")
        #expect(fixture.names(in: "users") == ["a.json"])
    }

    @Test func writeSetsThePermissionsAskedFor() throws {
        let fixture = try StoreFixture()
        let target = fixture.url("secret.json")
        try AtomicFile.write(Array("{}".utf8), to: target, permissions: 0o600)
        var status = stat()
        #expect(stat(target.path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
    }

    @Test func writeIntoAMissingFolderThrowsAndCreatesNothing() throws {
        let fixture = try StoreFixture()
        #expect(throws: AtomicFile.Failure.self) {
            try AtomicFile.write(Array("x".utf8), to: fixture.url("nowhere/a.json"))
        }
        #expect(!fixture.exists("nowhere"))
    }

    @Test func writeOverAFolderFailsAndRemovesItsTemporaryFile() throws {
        let fixture = try StoreFixture()
        try FileManager.default.createDirectory(at: fixture.url("users/taken.json"), withIntermediateDirectories: false)
        try FileManager.default.createDirectory(
            at: fixture.url("users/taken.json/inside"), withIntermediateDirectories: false)
        #expect(throws: AtomicFile.Failure.self) {
            try AtomicFile.write(Array("x".utf8), to: fixture.url("users/taken.json"))
        }
        #expect(fixture.names(in: "users") == ["taken.json"])
    }

    @Test func removeDeletesAndToleratesAMissingFile() throws {
        let fixture = try StoreFixture()
        try fixture.write("users/a.json", "{}")
        try AtomicFile.remove(fixture.url("users/a.json"))
        #expect(!fixture.exists("users/a.json"))
        try AtomicFile.remove(fixture.url("users/a.json"))
    }

    @Test func temporaryFileNamesAreRecognised() {
        #expect(AtomicFile.isTemporaryFileName(".abc.json.tmp-1x2y"))
        #expect(!AtomicFile.isTemporaryFileName("abc.json"))
        #expect(!AtomicFile.isTemporaryFileName(".abc.json.swp"))
    }
}
