import Testing
@testable import SCIM

@Test func smoke() throws {
    let parser = FilterParser()
    let filters = [
        #"userName eq "bjensen""#,
        #"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
        #"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
        #"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
        #"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
        #"meta.lastModified gt "2011-05-13T04:42:34Z""#,
        #"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
    ]
    for text in filters {
        let f = try parser.parse(text)
        print(f)
        #expect(try parser.parse(f.description) == f)
        _ = try f.compile(for: .user)
    }
    let user = try ResourceValidator(resourceType: .user).validate(
        try JSONParser().parse(#"{"userName":"bjensen","active":"False","emails":[{"value":"b@example.com","type":"work"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":"123"}, "meta": {"x": 1}, "password": "p"}"#).objectValue!,
        mode: .create)
    print(JSONWriter.pretty.string(.object(user)))
    #expect(try parser.parse(#"emails[type eq "work" and value co "@EXAMPLE.com"]"#).compile(for: .user).matches(user))
    #expect(try parser.parse(#"userName eq "BJENSEN""#).compile(for: .user).matches(user))
    #expect(try !parser.parse(#"active eq true"#).compile(for: .user).matches(user))
    do { _ = try parser.parse(#"userName zz "x""#); Issue.record("no error") } catch { print(error) }
    do { _ = try parser.parse(#"userName eq "x"#); Issue.record("no error") } catch { print(error) }
}
