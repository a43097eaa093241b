import Foundation
import Testing

@testable import SCIM

/// Replays every identity-provider transcript that sends a PATCH (copies in `Fixtures/PatchTranscripts/`) against
/// ``PatchEngine``, with a dictionary standing in for the store: creates, PUTs, PATCHes, reads by id and deletes of
/// Users and Groups run; list queries and authentication checks are left to the server's replay. Each PATCH's
/// documented answer and every following read by id are checked with the transcripts' matching rules (README).
@Suite struct PatchTranscriptReplayTests {
    @Test(arguments: [
        "entra-group-lifecycle", "entra-patch-dialects", "entra-user-lifecycle", "errors", "okta-group-push",
        "okta-user-lifecycle",
    ])
    func replayTranscript(name: String) throws {
        let url = try #require(
            Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
                .appendingPathComponent("PatchTranscripts/\(name).json"))
        let transcript = try JSONParser().parse(Array(try Data(contentsOf: url)))
        var replay = Replay()
        let steps = try #require(transcript["steps"]?.arrayValue)
        for (index, step) in steps.enumerated() {
            try replay.run(step, comment: "\(name) step \(index): \(step["note"]?.stringValue ?? "")")
        }
        let patches = steps.filter { $0["request"]?["method"] == "PATCH" }.count
        #expect(replay.patchesApplied + replay.patchesRejected == patches, "every PATCH of \(name) was replayed")
        #expect(replay.readsChecked > 0, "\(name) has reads by id that check PATCH results")
    }
}

private struct Replay {
    var resources: [String: (type: ResourceType, resource: JSONObject)] = [:]
    var variables: [String: String] = [:]
    var patchesApplied = 0
    var patchesRejected = 0
    var readsChecked = 0

    mutating func run(_ step: JSONValue, comment: String) throws {
        let request = substituted(step["request"] ?? [:])
        let expect = substituted(step["expect"] ?? [:])
        let statuses = expect["status"]?.arrayValue?.compactMap(\.integerValue) ?? [expect["status"]?.integerValue ?? 0]
        let succeeds = statuses.contains { (200..<300).contains($0) }
        let parts = (request["path"]?.stringValue ?? "").split(separator: "/").map(String.init)
        guard let collection = parts.first, let type = ["Users": ResourceType.user, "Groups": .group][collection] else {
            return
        }
        let id = parts.count > 1 ? parts[1] : nil
        let method = request["method"]?.stringValue ?? ""
        let body = request["body"]?.objectValue ?? [:]
        let validator = ResourceValidator(resourceType: type)
        let location = Comment(rawValue: comment)

        switch (method, id) {
        case ("POST", nil):
            guard succeeds else {
                #expect(throws: SCIMError.self, location) { try validator.validate(body, mode: .create) }
                return
            }
            var resource = try validator.validate(body, mode: .create)
            let newID = UUID().uuidString.lowercased()
            resource["id"] = .string(newID)
            resource["meta"] = ["resourceType": .string(type.name), "created": "2025-01-01T00:00:00Z"]
            resources[newID] = (type, resource)
            capture(expect, from: resource)
        case ("PUT", let id?):
            guard succeeds, let stored = resources[id] else { return }
            var resource = try validator.validate(body, mode: .replace(existing: stored.resource))
            resource["id"] = stored.resource["id"]
            resource["meta"] = stored.resource["meta"]
            resources[id] = (type, resource)
        case ("PATCH", let id?):
            guard let stored = resources[id] else {
                #expect(statuses == [404], location)
                patchesRejected += 1
                return
            }
            let engine = PatchEngine(resourceType: type)
            if succeeds {
                let result = try engine.apply(PatchRequest(json: .object(body)), to: stored.resource)
                resources[id] = (type, result.resource)
                check(.object(result.resource), against: expect, location)
                patchesApplied += 1
            } else {
                let error = #expect(throws: SCIMError.self, location) {
                    try engine.apply(PatchRequest(json: .object(body)), to: stored.resource)
                }
                #expect(error?.status == statuses.first, location)
                #expect(
                    error.map { JSONValue.string($0.scimType?.rawValue ?? "") } == expect["bodyIncludes"]?["scimType"],
                    location)
                patchesRejected += 1
            }
        case ("GET", let id?) where !id.contains("{"):
            guard var resource = resources[id]?.resource else {
                #expect(statuses == [404], location)
                return
            }
            #expect(succeeds, location)
            if let query = request["query"]?.stringValue, query.hasPrefix("excludedAttributes=") {
                for name in query.dropFirst("excludedAttributes=".count).split(separator: ",") {
                    resource[String(name)] = nil
                }
            }
            check(.object(resource), against: expect, location)
            readsChecked += 1
        case ("DELETE", let id?):
            resources[id] = nil
        default:
            return
        }
    }

    /// Checks `bodyIncludes`, `bodyExcludes`, `bodyPaths`, `bodyAbsent` and `arrayLengths` (transcript README).
    func check(_ body: JSONValue, against expect: JSONValue, _ location: Comment) {
        if let included = expect["bodyIncludes"] {
            #expect(Self.includes(body, included), "\(location): \(body) does not include \(included)")
        }
        for excluded in expect["bodyExcludes"]?.arrayValue ?? [] {
            #expect(!Self.includes(body, excluded), "\(location): \(body) includes \(excluded)")
        }
        for path in expect["bodyPaths"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            #expect(Self.value(at: path, in: body).map { !$0.isNull } == true, "\(location): \(path) missing")
        }
        for path in expect["bodyAbsent"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            #expect(Self.value(at: path, in: body)?.isNull ?? true, "\(location): \(path) present")
        }
        for (path, length) in expect["arrayLengths"]?.objectValue ?? [:] {
            #expect(
                (Self.value(at: path, in: body)?.arrayValue?.count ?? 0) == length.integerValue,
                "\(location): length of \(path)")
        }
    }

    /// Subset matching: objects by key, non-empty arrays element by distinct element, `[]` exactly, scalars equal.
    static func includes(_ actual: JSONValue?, _ expected: JSONValue) -> Bool {
        switch expected {
        case .object(let members):
            guard case .object(let object)? = actual else { return false }
            return members.allSatisfy { includes(object[$0.key], $0.value) }
        case .array(let elements) where elements.isEmpty:
            return actual == .array([])
        case .array(let elements):
            guard case .array(let candidates)? = actual else { return false }
            return assign(elements[...], to: candidates, used: [])
        default:
            return actual == expected
        }
    }

    private static func assign(_ expected: ArraySlice<JSONValue>, to candidates: [JSONValue], used: Set<Int>) -> Bool {
        guard let first = expected.first else { return true }
        return candidates.indices.contains { index in
            !used.contains(index) && includes(candidates[index], first)
                && assign(expected.dropFirst(), to: candidates, used: used.union([index]))
        }
    }

    /// The value at a README path such as `emails[0].value`.
    static func value(at path: String, in body: JSONValue) -> JSONValue? {
        var current: JSONValue? = body
        for key in path.split(separator: ".") {
            let name = key.prefix { $0 != "[" }
            current = current?[String(name)]
            if let open = key.firstIndex(of: "["), let index = Int(key[key.index(after: open)...].dropLast()) {
                current = current?.arrayValue.flatMap { index < $0.count ? $0[index] : nil }
            }
        }
        return current
    }

    mutating func capture(_ expect: JSONValue, from resource: JSONObject) {
        for (variable, path) in expect["capture"]?.objectValue ?? [:] {
            if let value = path.stringValue.flatMap({ Self.value(at: $0, in: .object(resource)) })?.stringValue {
                variables[variable] = value
            }
        }
    }

    /// Replaces `{name}` placeholders in every string; `{uuid:label}` gets a fresh UUID per label.
    mutating func substituted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(substituted(text))
        case .array(let elements): return .array(elements.map { substituted($0) })
        case .object(let members): return .object(members.mapValues { substituted($0) })
        default: return value
        }
    }

    private mutating func substituted(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            output += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            if name.hasPrefix("uuid:"), variables[name] == nil { variables[name] = UUID().uuidString.lowercased() }
            output += variables[name] ?? "{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }
}
