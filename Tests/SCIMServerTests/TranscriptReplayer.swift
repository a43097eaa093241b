import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SCIM
import Testing

/// Replays a ``Transcript`` against a test client, checking every expectation as the transcripts' README defines.
/// Stops at the first failing step and reports the file, the step number and its note.
struct TranscriptReplayer {
    let basePath: String
    let token: String
    private(set) var variables: [String: String] = [:]

    init(basePath: String, token: String) {
        self.basePath = basePath
        self.token = token
    }

    /// Runs every step; returns a description of the first failure, or `nil`.
    mutating func replay(_ transcript: Transcript, with client: any TestClientProtocol) async throws -> String? {
        for (index, step) in transcript.steps.enumerated() {
            if let failure = try await run(step, with: client) {
                return "\(transcript.name) step \(index + 1) (\(step.note)): \(failure)"
            }
        }
        return nil
    }

    private mutating func run(_ step: Transcript.Step, with client: any TestClientProtocol) async throws -> String? {
        var uri = basePath + substitute(step.path)
        if let query = step.query { uri += "?" + substitute(query) }
        var headers = HTTPFields()
        for (name, value) in step.headers {
            guard let value, let field = HTTPField.Name(name) else { continue }
            headers.append(HTTPField(name: field, value: substitute(value)))
        }
        let body = step.body.map { value -> ByteBuffer in
            ByteBuffer(bytes: JSONWriter.compact.bytes(substitute(value)))
        }
        let response = try await client.execute(
            uri: uri, method: HTTPRequest.Method(step.method)!, headers: headers, body: body)
        return check(response, against: step.expect)
    }

    // MARK: Expectations

    private mutating func check(_ response: TestResponse, against expect: JSONObject) -> String? {
        let status = response.status.code
        let allowed = expect["status"]?.arrayValue?.compactMap(\.integerValue) ?? [expect["status"]?.integerValue ?? 200]
        let bodyBytes = Array(response.body.readableBytesView)
        guard allowed.contains(status) else {
            return "status \(status), expected \(allowed); body \(String(decoding: bodyBytes, as: UTF8.self))"
        }
        for (name, text) in expect["headersInclude"]?.objectValue ?? [:] {
            if name.lowercased() == "content-type" && bodyBytes.isEmpty { continue }
            let value = HTTPField.Name(name).flatMap { response.headers[$0] } ?? ""
            guard let text = text.stringValue, value.lowercased().contains(substitute(text).lowercased()) else {
                return "header \(name) is \"\(value)\", expected to contain \(text)"
            }
        }
        guard !bodyBytes.isEmpty else {
            return expect["capture"] == nil ? nil : "expected a body to capture from, got none"
        }
        guard let body = try? JSONParser().parse(bodyBytes) else {
            return "the body is not JSON: \(String(decoding: bodyBytes, as: UTF8.self))"
        }
        let shown = String(JSONWriter.compact.string(body).prefix(2000))
        if let includes = expect["bodyIncludes"], !Self.matches(body, substitute(includes)) {
            return "body does not include \(substitute(includes)); body \(shown)"
        }
        for excluded in expect["bodyExcludes"]?.arrayValue ?? [] where Self.matches(body, substitute(excluded)) {
            return "body includes the excluded \(substitute(excluded)); body \(shown)"
        }
        for path in expect["bodyPaths"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            guard let value = Self.value(at: path, in: body), !value.isNull else { return "no \(path) in \(shown)" }
        }
        for path in expect["bodyAbsent"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            if let value = Self.value(at: path, in: body), !value.isNull { return "\(path) present in \(shown)" }
        }
        for (path, count) in expect["arrayLengths"]?.objectValue ?? [:] {
            let actual = Self.value(at: path, in: body)?.arrayValue?.count ?? 0
            guard actual == count.integerValue else { return "\(path) has \(actual) elements, expected \(count); \(shown)" }
        }
        for (variable, path) in expect["capture"]?.objectValue ?? [:] {
            guard let value = Self.value(at: path.stringValue!, in: body) else { return "cannot capture \(path) from \(shown)" }
            variables[variable] = value.stringValue ?? "\(value)"
        }
        return nil
    }

    /// Subset matching as the transcripts' README defines it.
    static func matches(_ actual: JSONValue, _ expected: JSONValue) -> Bool {
        switch expected {
        case .object(let expectedMembers):
            guard case .object(let actualMembers) = actual else { return false }
            return expectedMembers.allSatisfy { key, value in actualMembers[key].map { matches($0, value) } ?? false }
        case .array(let expectedElements):
            guard case .array(let actualElements) = actual else { return false }
            if expectedElements.isEmpty { return actualElements.isEmpty }
            return assign(expectedElements[...], to: actualElements, used: [])
        default:
            return actual == expected
        }
    }

    /// Whether each expected element can match a different actual element (backtracking over candidates).
    private static func assign(_ expected: ArraySlice<JSONValue>, to actual: [JSONValue], used: Set<Int>) -> Bool {
        guard let first = expected.first else { return true }
        for index in actual.indices where !used.contains(index) && matches(actual[index], first) {
            if assign(expected.dropFirst(), to: actual, used: used.union([index])) { return true }
        }
        return false
    }

    /// The value at `Resources[0].emails[0].value`-style paths.
    static func value(at path: String, in document: JSONValue) -> JSONValue? {
        var current: JSONValue? = document
        for component in path.split(separator: ".") {
            var name = Substring(component)
            var indexes: [Int] = []
            while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
                indexes.insert(Int(name[name.index(after: open)..<name.index(before: name.endIndex)])!, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty { current = current?.objectValue?[String(name)] }
            for index in indexes {
                guard let array = current?.arrayValue, array.indices.contains(index) else { return nil }
                current = array[index]
            }
        }
        return current
    }

    // MARK: Placeholders

    private mutating func substitute(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            output += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            output += resolve(name) ?? "{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }

    private mutating func resolve(_ name: String) -> String? {
        switch name {
        case "token": return token
        case "base": return basePath
        default:
            if let value = variables[name] { return value }
            if name.hasPrefix("uuid:") {
                let value = UUID().uuidString.lowercased()
                variables[name] = value
                return value
            }
            return nil
        }
    }

    private mutating func substitute(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(substitute(text))
        case .array(let elements): return .array(elements.map { substitute($0) })
        case .object(let members): return .object(members.mapValues { substitute($0) })
        default: return value
        }
    }
}
