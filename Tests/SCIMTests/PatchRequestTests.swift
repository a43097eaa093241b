import Testing

@testable import SCIM

@Suite struct PatchRequestTests {
    @Test func patchOpMessageParsesEveryOperation() throws {
        let request = try PatchRequest(
            json: patchJSON(
                #"""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [
                   {"op": "add", "path": "members", "value": [{"value": "2819c223"}]},
                   {"op": "replace", "value": {"active": false}},
                   {"op": "remove", "path": "members[value eq \"2819c223\"]"}]}
                """#))
        #expect(request.operations.map(\.op) == [.add, .replace, .remove])
        #expect(request.operations[0].path == PatchPath(attribute: AttributePath(attribute: "members")))
        #expect(request.operations[0].value == [["value": "2819c223"]])
        #expect(request.operations[1].path == nil)
        #expect(request.operations[2].value == nil)
    }

    @Test(arguments: ["Add", "ADD", "add", "Replace", "replace", "REMOVE", "Remove"])
    func opNameIsCaseInsensitive(name: String) throws {
        let request = try PatchRequest(json: ["Operations": [["op": .string(name), "path": "title", "value": "x"]]])
        #expect(request.operations[0].op.rawValue == name.lowercased())
    }

    @Test func operationsMemberNameIsCaseInsensitive() throws {
        let request = try PatchRequest(json: ["operations": [["OP": "Replace", "Path": "title", "VALUE": "x"]]])
        #expect(
            request.operations == [
                PatchOperation(op: .replace, path: PatchPath(attribute: .init(attribute: "title")), value: "x")
            ])
    }

    @Test func unknownOpIsInvalidSyntaxNamingIt() {
        let error = #expect(throws: SCIMError.self) {
            try PatchRequest(json: ["Operations": [["op": "add", "path": "title", "value": "x"], ["op": "update"]]])
        }
        #expect(error?.scimType == .invalidSyntax)
        #expect(error?.detail.contains("Operations[1]") == true)
        #expect(error?.detail.contains(#""update""#) == true)
    }

    @Test(arguments: [
        (#"[]"#, "PatchOp message"),
        (#""replace""#, "PatchOp message"),
        (#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}"#, "no \"Operations\""),
        (#"{"Operations": {"op": "add"}}"#, "must be an array"),
        (#"{"Operations": []}"#, "is empty"),
        (#"{"Operations": [], "operations": []}"#, "more than once"),
        (#"{"Operations": ["add"]}"#, "Operations[0] must be an object"),
        (#"{"Operations": [{"path": "title", "value": "x"}]}"#, "has no \"op\""),
        (#"{"Operations": [{"op": 1, "path": "title", "value": "x"}]}"#, "unknown op 1"),
        (#"{"Operations": [{"op": "add", "Op": "remove", "path": "title"}]}"#, "\"op\" more than once"),
        (#"{"Operations": [{"op": "add", "path": 7, "value": "x"}]}"#, "\"path\" must be a string"),
        (#"{"Operations": [{"op": "add", "path": "title"}]}"#, "add needs a \"value\""),
        (#"{"Operations": [{"op": "replace"}]}"#, "replace needs a \"value\""),
    ])
    func malformedMessageIsInvalidSyntaxWithActionableDetail(body: String, detail: String) {
        let error = #expect(throws: SCIMError.self) { try PatchRequest(json: patchJSON(body)) }
        #expect(error?.status == 400)
        #expect(error?.scimType == .invalidSyntax)
        #expect(error?.detail.contains(detail) == true, "\(String(describing: error?.detail))")
    }

    @Test func badPathIsInvalidPathNamingTheOperation() {
        let error = #expect(throws: SCIMError.self) {
            try PatchRequest(
                json: patchJSON(
                    #"{"Operations": [{"op": "Replace", "path": "emails[type eq \"work\".value", "value": "x"}]}"#))
        }
        #expect(error?.scimType == .invalidPath)
        #expect(error?.detail.hasPrefix("Operations[0]: ") == true)
    }

    @Test func nullOrEmptyPathMeansNoPath() throws {
        let request = try PatchRequest(
            json: patchJSON(
                #"{"Operations": [{"op": "add", "path": null, "value": {}}, {"op": "add", "path": "", "value": {}}]}"#))
        #expect(request.operations.allSatisfy { $0.path == nil })
    }

    @Test func removeWithoutValueParses() throws {
        let request = try PatchRequest(json: patchJSON(#"{"Operations": [{"op": "remove", "path": "members"}]}"#))
        #expect(
            request.operations == [PatchOperation(op: .remove, path: PatchPath(attribute: .init(attribute: "members")))]
        )
    }

    @Test func jsonValueReadsBackToAnEqualRequest() throws {
        let request = try PatchRequest(
            json: patchJSON(
                #"""
                {"Operations": [
                  {"op": "Replace", "path": "EMAILS[Type eq \"work\"].Value", "value": "a@example.com"},
                  {"op": "remove", "path": "members"},
                  {"op": "add", "value": {"nickName": "Babs"}}]}
                """#))
        let reread = try PatchRequest(json: request.jsonValue)
        #expect(reread == request)
        #expect(request.jsonValue["schemas"] == [.string(PatchRequest.schemaURN)])
    }
}
