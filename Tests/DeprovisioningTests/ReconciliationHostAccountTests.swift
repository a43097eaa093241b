import Deprovisioning
import Foundation
import Testing

/// Reading the host app's account export: CSV (RFC 4180), a JSON array, a JSON object with `data`, and clear errors
/// with the line or record for malformed files (ARCHITECTURE §7).
@Suite struct ReconciliationHostAccountTests {
    // MARK: CSV

    @Test func csvWithHeaderGivesOneAccountPerRowWithItsLine() throws {
        let export = try HostAccountExport(
            text: "email,is_active,sso_source,id\nalice@example.com,true,saml,1\ndave@example.com,false,google,4\n")
        #expect(export.format == .csv)
        #expect(export.hasSSOSource)
        #expect(
            export.accounts == [
                ExportedAccount(
                    record: 1, line: 2, hostId: "1", email: "alice@example.com", active: true, ssoSource: "saml"),
                ExportedAccount(
                    record: 2, line: 3, hostId: "4", email: "dave@example.com", active: false, ssoSource: "google"),
            ])
    }

    @Test func csvQuotedFieldsHoldCommasDoubledQuotesAndLineBreaks() throws {
        let text =
            "name,email\r\n\"Anderson, Alice \"\"Al\"\"\",alice@example.com\r\n\"two\r\nlines\",bob@example.com\r\n"
        let export = try HostAccountExport(text: text)
        #expect(export.accounts.map(\.email) == ["alice@example.com", "bob@example.com"])
        #expect(export.accounts.map(\.line) == [2, 3])
    }

    @Test func csvLineNumbersCountLineBreaksInsideQuotedFields() throws {
        let text = "name,email\n\"a\nb\nc\",a@example.com\nx,\n"
        let error = try #require(throws: HostAccountImportError.self) { try HostAccountExport(text: text) }
        #expect(error.line == 5)
        #expect(error.description == "line 5: the account has neither email nor name_id")
    }

    @Test func csvHeaderNamesMatchCaseInsensitivelyAndUnknownColumnsAreIgnored() throws {
        let export = try HostAccountExport(text: " Email , Name_ID ,Active,Department\na@example.com,n1,no,Sales\n")
        #expect(export.accounts.first?.nameID == "n1")
        #expect(export.accounts.first?.active == false)
        #expect(!export.hasSSOSource)
    }

    @Test func csvWithByteOrderMarkBlankLinesAndNoFinalNewlineIsRead() throws {
        let export = try HostAccountExport(
            parsing: Data([0xEF, 0xBB, 0xBF]) + Data("email\n\na@example.com\n\nb@example.com".utf8))
        #expect(export.accounts.map(\.email) == ["a@example.com", "b@example.com"])
        #expect(export.accounts.map(\.line) == [3, 5])
    }

    @Test func activeFlagsAcceptTheUsualSpellingsAndBlankMeansActive() throws {
        let export = try HostAccountExport(
            text: "email,active\na@x,TRUE\nb@x,0\nc@x,yes\nd@x,N\ne@x,\nf@x,t\n")
        #expect(export.accounts.map(\.active) == [true, false, true, false, true, true])
    }

    @Test func csvErrorsNameTheLine() throws {
        let cases: [(String, Int, String)] = [
            ("email,active\na@x,true\n\"b@x,true\n", 3, "never closed"),
            ("email,active\na@x,tr\"ue\n", 2, "double quote inside a field"),
            ("email,active\n\"a@x\"x,true\n", 2, "after the closing quote"),
            ("email,active\na@x,true,extra\n", 2, "3 fields, but the header has 2"),
            ("email,active\na@x,maybe\n", 2, "got \"maybe\""),
            ("name,department\nAlice,Sales\n", 1, "no email or name_id column"),
            ("email,active,is_active\na@x,true,true\n", 1, "\"active\" and \"is_active\""),
            ("email,name_id\n,\n", 2, "neither email nor name_id"),
        ]
        for (text, line, words) in cases {
            let error = try #require(throws: HostAccountImportError.self) { try HostAccountExport(text: text) }
            #expect(error.line == line, "\(text)")
            #expect(error.message.contains(words), "\(error)")
        }
    }

    // MARK: JSON

    @Test func jsonArrayOfObjectsIsRead() throws {
        let export = try HostAccountExport(
            text: #"[{"email": "a@example.com", "active": false}, {"name_id": "00u1", "id": "x7"}]"#)
        #expect(export.format == .jsonArray)
        #expect(!export.hasSSOSource)
        #expect(
            export.accounts == [
                ExportedAccount(record: 1, email: "a@example.com", active: false),
                ExportedAccount(record: 2, hostId: "x7", nameID: "00u1"),
            ])
    }

    @Test func jsonDataObjectIsReadAsAUserListAPIReturnsIt() throws {
        let export = try HostAccountExport(
            text: #"""
                {"data": [{"id": 1, "email": "a@example.com", "is_active": true, "sso_source": "saml", "first_name": "A"},
                          {"id": 2, "email": "b@example.com", "is_active": false, "sso_source": null}],
                 "total": 2, "limit": null, "offset": null}
                """#)
        #expect(export.format == .jsonData)
        #expect(export.hasSSOSource)
        #expect(export.accounts.map(\.hostId) == ["1", "2"])
        #expect(export.accounts.map(\.ssoSource) == ["saml", nil])
        #expect(export.accounts.map(\.active) == [true, false])
        #expect(export.accounts.map(\.line) == [nil, nil])
    }

    @Test func jsonErrorsNameTheRecordOrTheLine() throws {
        let cases: [(String, Int?, Int?, String)] = [
            (#"[{"email": "a@x"}, "b@x"]"#, nil, 2, "expected an account object, got string"),
            (#"[{"email": 7}]"#, nil, 1, "\"email\" must be a string or null, got integer 7"),
            (#"[{"email": "a@x", "is_active": "maybe"}]"#, nil, 1, "got \"maybe\""),
            (#"[{"email": "a@x", "active": true, "is_active": true}]"#, nil, 1, "both"),
            (#"[{"email": "a@x"}, {"first_name": "B"}]"#, nil, 2, "neither email nor name_id"),
            (#"{"users": []}"#, nil, nil, "\"data\" array"),
            ("[{\"email\": \"a@x\"},\n {\"email\": }]", 2, nil, "not valid JSON"),
        ]
        for (text, line, record, words) in cases {
            let error = try #require(throws: HostAccountImportError.self) { try HostAccountExport(text: text) }
            #expect(error.line == line, "\(text)")
            #expect(error.record == record, "\(text)")
            #expect(error.message.contains(words), "\(error)")
        }
    }

    @Test func jsonActiveFlagMayBeABooleanAnIntegerOrAString() throws {
        let export = try HostAccountExport(
            text:
                #"[{"email": "a@x", "is_active": 0}, {"email": "b@x", "is_active": "true"}, {"email": "c@x", "is_active": null}]"#
        )
        #expect(export.accounts.map(\.active) == [false, true, true])
    }

    // MARK: Detection and files

    @Test func formatIsDetectedByContentNotByName() throws {
        #expect(try HostAccountExport(text: "  \n[]").format == .jsonArray)
        #expect(try HostAccountExport(text: "\n{\"data\": []}").format == .jsonData)
        #expect(try HostAccountExport(text: "email\n").format == .csv)
    }

    @Test func emptyAndNonUTF8FilesAreRefused() throws {
        let empty = try #require(throws: HostAccountImportError.self) { try HostAccountExport(text: " \n") }
        #expect(empty.message.contains("empty"))
        let latin1 = try #require(throws: HostAccountImportError.self) {
            try HostAccountExport(parsing: Data("email\nj\u{F6}rg@example.com\n".utf8.map { $0 == 0xC3 ? 0xF6 : $0 }))
        }
        #expect(latin1.message == "the file is not UTF-8 text")
    }

    @Test func samplesInBothFormatsHoldTheSameAccounts() throws {
        let csv = try HostAccountExport(
            contentsOf: samplesFolder.appendingPathComponent("host-accounts.csv"))
        let json = try HostAccountExport(
            contentsOf: samplesFolder.appendingPathComponent("host-accounts-metabase.json"))
        #expect(csv.source?.hasSuffix("samples/host-accounts.csv") == true)
        #expect(csv.accounts.map(\.email) == json.accounts.map(\.email))
        #expect(csv.accounts.map(\.active) == json.accounts.map(\.active))
        #expect(csv.accounts.map(\.ssoSource) == json.accounts.map(\.ssoSource))
        #expect(csv.accounts.map(\.hostId) == json.accounts.map(\.hostId))
    }

    @Test func aMissingFileIsAClearError() throws {
        let error = try #require(throws: HostAccountImportError.self) {
            try HostAccountExport(contentsOf: URL(fileURLWithPath: "/nonexistent/accounts.csv"))
        }
        #expect(error.message.hasPrefix("cannot read /nonexistent/accounts.csv"))
    }
}
