import PropertyBased
import Testing

@testable import SCIM

@Suite struct PatchPropertyTests {
    /// Operations that succeed on Babs in any order and number.
    static let validOperations = [
        #"{"op": "replace", "path": "displayName", "value": "Changed"}"#,
        #"{"op": "Replace", "path": "active", "value": "False"}"#,
        #"{"op": "add", "path": "emails", "value": [{"value": "new@example.com", "type": "other"}]}"#,
        #"{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "w@example.com"}"#,
        #"{"op": "remove", "path": "name.middleName"}"#,
        #"{"op": "replace", "value": {"name.givenName": "B", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "D"}}"#,
        #"{"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": "m9"}"#,
        #"{"op": "remove", "path": "emails[type eq \"home\"]"}"#,
        #"{"op": "remove", "path": "addresses"}"#,
        #"{"op": "add", "value": {"nickName": "Babs", "title": "Guide"}}"#,
        #"{"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}"#,
    ]

    /// Operations that fail on Babs whatever ran before them, and the error each gives.
    static let failingOperations: [(String, SCIMError.ScimType)] = [
        (#"{"op": "replace", "path": "noSuchAttribute", "value": "x"}"#, .invalidPath),
        (#"{"op": "Replace", "path": "emails[type eq \"work\".value", "value": "x"}"#, .invalidPath),
        (#"{"op": "replace", "path": "meta.version", "value": "W/\"1\""}"#, .mutability),
        (#"{"op": "remove", "path": "userName"}"#, .mutability),
        (#"{"op": "replace", "value": {"id": "someone-else", "title": "x"}}"#, .mutability),
        (#"{"op": "add", "path": "active", "value": "maybe"}"#, .invalidValue),
        (#"{"op": "replace", "path": "addresses[type eq \"other\"]", "value": {"locality": "Paris"}}"#, .noTarget),
        (#"{"op": "remove"}"#, .noTarget),
        (#"{"op": "update", "path": "title", "value": "x"}"#, .invalidSyntax),
    ]

    @Test func patchWithOneFailingOperationLeavesTheResourceByteIdentical() async {
        await propertyCheck(
            count: 300,
            input: Gen.int(in: 0..<Self.validOperations.count).array(of: 0...6),
            Gen.int(in: 0..<Self.failingOperations.count), Gen.int(in: 0...6)
        ) { valid, failing, position in
            let operations = valid.map { Self.validOperations[$0] }
            let (failingOperation, scimType) = Self.failingOperations[failing]
            let index = min(position, operations.count)
            var stored = patchBabs
            let before = JSONWriter.pretty.bytes(.object(stored))
            if !operations.isEmpty {
                #expect(throws: Never.self) { try patchApply(stored, "[\(operations.joined(separator: ","))]") }
            }
            do throws(SCIMError) {
                var all = operations
                all.insert(failingOperation, at: index)
                stored = try patchApply(stored, "[\(all.joined(separator: ","))]").resource
                Issue.record("the PATCH with \(failingOperation) at \(index) succeeded")
            } catch {
                #expect(error.scimType == scimType, "\(error)")
                #expect(error.detail.hasPrefix("Operations[\(index)]"), "\(error)")
            }
            #expect(JSONWriter.pretty.bytes(.object(stored)) == before)
        }
    }

    @Test func randomPatchBodiesGiveAResultOrA400() async {
        await propertyCheck(count: 2000, input: Self.randomBody, Gen.bool) { body, isGroup in
            let (type, resource) = isGroup ? (ResourceType.group, patchTourGuides) : (.user, patchBabs)
            Self.expectResultOr400(body, type: type, resource: resource)
        }
    }

    @Test func everyTruncationOfAnEntraBodyIsRefusedCleanly() {
        let body = #"""
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
              {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "alice.anderson@example.com"},
              {"op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
               "value": "c3"},
              {"op": "Add", "path": "title", "value": "Senior Engineer"}]}
            """#
        var parsed = 0
        for length in 0...body.utf8.count {
            guard let json = try? JSONParser().parse(Array(body.utf8.prefix(length))) else { continue }
            parsed += 1
            Self.expectResultOr400(json, type: .user, resource: patchBabs)
        }
        #expect(parsed >= 1, "the whole body parses")
        // Cutting inside the JSON keeps it parseable: every prefix of the path and of the op name.
        for cut in 0...40 {
            let path = String(#"emails[type eq "work"].value"#.prefix(cut))
            let op = String("Replace".prefix(cut))
            Self.expectResultOr400(
                ["Operations": [["op": .string(op), "path": .string(path), "value": "a@example.com"]]], type: .user,
                resource: patchBabs)
        }
    }

    @Test func truncatedPathsAreInvalidPathOrParseBack() async {
        let paths = [
            #"emails[type eq "work" and value co "@example.com"].value"#,
            #"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#,
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
            #"addresses[not (type eq "home") or (primary eq true)].streetAddress"#,
        ]
        await propertyCheck(input: Gen.int(in: 0..<paths.count), Gen.int(in: 0...80)) { pathIndex, length in
            let text = String(paths[pathIndex].prefix(length))
            do throws(SCIMError) {
                let path = try PatchPath(parsing: text)
                #expect((try? PatchPath(parsing: path.description)) == path, "\(text)")
            } catch {
                #expect(error.scimType == .invalidPath, "\(text): \(error)")
            }
        }
    }

    @Test func randomPathTextIsInvalidPathOrParsesBack() async {
        let alphabet = Array(#"emails[]().":  eqandornotprtypevalue0u$_-"#)
        await propertyCheck(count: 2000, input: Gen.element(of: alphabet).array(of: 0...30)) { characters in
            let text = String(characters.compactMap { $0 })
            do throws(SCIMError) {
                let path = try PatchPath(parsing: text)
                #expect((try? PatchPath(parsing: path.description)) == path, "\(text)")
            } catch {
                #expect(error.scimType == .invalidPath, "\(text): \(error)")
            }
        }
    }

    @Test func deeplyNestedPathsAndValuesAreRefused() throws {
        let deepFilter =
            "emails[" + String(repeating: "not (", count: 5000) + "type eq \"work\""
            + String(repeating: ")", count: 5000) + "].value"
        let deepBrackets = String(repeating: "emails[", count: 5000)
        let longName = String(repeating: "a", count: 100_000)
        for path in [deepFilter, deepBrackets, longName, deepBrackets + longName] {
            let error = patchError(patchBabs, #"[{"op": "add", "path": "\#(patchEscaped(path))", "value": "x"}]"#)
            #expect(error?.scimType == .invalidPath)
        }
        let deepArray = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        let deepObject = String(repeating: #"{"name":"#, count: 60) + "1" + String(repeating: "}", count: 60)
        for (path, value) in [("emails", deepArray), ("name", deepObject), ("members", deepArray)] {
            let error = patchError(patchBabs, #"[{"op": "add", "path": "\#(path)", "value": \#(value)}]"#)
            #expect(error?.status == 400)
        }
        Self.expectResultOr400(
            patchJSON(#"{"Operations": [{"op": "add", "value": \#(deepObject)}]}"#), type: .user, resource: patchBabs)
    }

    @Test func requestJSONReadsBackToAnEqualRequest() async {
        await propertyCheck(count: 500, input: Self.randomBody) { body in
            guard let request = try? PatchRequest(json: body) else { return }
            #expect((try? PatchRequest(json: request.jsonValue)) == request)
        }
    }

    // MARK: Helpers

    /// Applies `body`; a success must be a canonical resource, a failure a 400 with a keyword and a detail.
    static func expectResultOr400(_ body: JSONValue, type: ResourceType, resource: JSONObject) {
        do throws(SCIMError) {
            let result = try PatchEngine(resourceType: type).apply(PatchRequest(json: body), to: resource)
            var canonical = try ResourceValidator(resourceType: type).validate(
                result.resource, mode: .patch(original: result.resource))
            canonical["id"] = result.resource["id"]
            canonical["meta"] = result.resource["meta"]
            #expect(canonical == result.resource, "\(body)")
            #expect(result.changed == (result.resource != resource))
        } catch {
            #expect(error.status == 400, "\(body): \(error)")
            #expect(error.scimType != nil, "\(body): \(error)")
            #expect(!error.detail.isEmpty)
        }
    }

    static let words: [JSONValue] = [
        "work", "home", "True", "False", "", "x", "a@example.com", "2819c223-7f76-453a-919d-413861904646", "value",
        "type", "primary", "display", "givenName", "name", "emails", "members", "active", "userName", "id", "meta",
        "$ref", "schemas", "displayName", "name.givenName", "nickName", "acbf3ae7-8463-4692-b4fd-9b4da3f908ce",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
    ]

    static let paths: [JSONValue] = [
        "active", "name.givenName", "emails", #"emails[type eq "work"].value"#, #"emails[type eq "work"]"#, "members",
        #"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#, "members.display", "displayName", "meta", "id",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", #"emails[primary eq "True"].type"#,
        #"addresses[type eq "work" and primary eq true].locality"#, "emails[", "name.", "", "groups",
        "x509Certificates",
    ]

    /// A PatchOp-like body: mostly well-formed operations with random paths and values, sometimes anything at all.
    static let randomBody = Generator<JSONValue, Shrink.None<JSONValue>> { rng in
        guard Int.random(in: 0..<20, using: &rng) > 0 else { return randomJSON(depth: 0, using: &rng) }
        let operations = (0..<Int.random(in: 1...4, using: &rng)).map { _ -> JSONValue in
            let ops: [JSONValue] = ["add", "Add", "replace", "Replace", "remove", "REMOVE"]
            let malformed: [JSONValue] = ["bogus", 1, nil]
            let op = (Int.random(in: 0..<20, using: &rng) > 0 ? ops : malformed).randomElement(using: &rng)!
            var operation: JSONObject = ["op": op]
            if Int.random(in: 0..<5, using: &rng) > 1 { operation["path"] = paths.randomElement(using: &rng) }
            if Int.random(in: 0..<20, using: &rng) > (op.stringValue?.lowercased() == "remove" ? 14 : 0) {
                operation["value"] = randomJSON(depth: 0, using: &rng)
            }
            return .object(operation)
        }
        return ["schemas": [.string(PatchRequest.schemaURN)], "Operations": .array(operations)]
    }

    static func randomJSON(depth: Int, using rng: inout some RandomNumberGenerator) -> JSONValue {
        switch Int.random(in: 0..<(depth < 4 ? 9 : 6), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .integer(Int.random(in: -2...2, using: &rng))
        case 3: return .decimal(0.5)
        case 4, 5: return words.randomElement(using: &rng)!
        case 6:
            return .array(
                (0..<Int.random(in: 0...3, using: &rng)).map { _ in randomJSON(depth: depth + 1, using: &rng) })
        default:
            var object: JSONObject = [:]
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                object[words.randomElement(using: &rng)!.stringValue!] = randomJSON(depth: depth + 1, using: &rng)
            }
            return .object(object)
        }
    }
}
