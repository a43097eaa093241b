import Foundation
import SCIM

/// A request/response script from `../shared/idp-transcripts/` (format in that folder's README.md).
struct Transcript {
    struct Step {
        var note: String
        var method: String
        var path: String
        var query: String?
        var headers: [(String, String?)]
        var body: JSONValue?
        var expect: JSONObject
    }

    var name: String
    var steps: [Step]

    init(named name: String) throws {
        let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Transcripts")!
        let document = try JSONParser().parse(Array(Data(contentsOf: url)))
        self.name = name
        steps = document["steps"]!.arrayValue!.map { step in
            let request = step["request"]!
            let headers = request["headers"]?.objectValue?.map { ($0.key, $0.value.stringValue) } ?? []
            return Step(
                note: step["note"]?.stringValue ?? "",
                method: request["method"]!.stringValue!,
                path: request["path"]!.stringValue!,
                query: request["query"]?.stringValue,
                headers: headers,
                body: request["body"],
                expect: step["expect"]?.objectValue ?? [:])
        }
    }

    /// Every transcript file's name (without `.json`), sorted; `[]` when the folder cannot be listed (a test checks the
    /// count).
    static var allNames: [String] {
        let folder = Bundle.module.url(forResource: "Transcripts", withExtension: nil)!
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }
}
