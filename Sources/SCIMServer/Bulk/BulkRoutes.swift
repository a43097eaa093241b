import DirectoryStore
import Foundation
import Hummingbird
import SCIM

/// `POST /Bulk` (RFC 7644 §3.7): runs a BulkRequest's operations through the same code as single requests.
///
/// `bulkId` references (`"bulkId:qwerty"` in a path or anywhere in data) are replaced by the ids of the resources the
/// request creates; an operation waits until the operations it refers to have run, so references to later operations
/// work, and operations left waiting on each other get 409. `failOnErrors` stops after that many errors. More
/// operations than `maxOperations` is 413.
struct BulkRoutes<Context: RequestContext>: Sendable {
    let store: DirectoryStore
    let configuration: SCIMServerConfiguration

    func register(on router: RouterGroup<Context>) {
        router.post("/Bulk") { request, context in
            var request = request
            let bulk = try BulkRequest(json: try await request.scimJSON(limit: configuration.maxPayloadSize))
            guard bulk.operations.count <= configuration.maxBulkOperations else {
                throw SCIMError.payloadTooLarge(
                    "the request has \(bulk.operations.count) operations; maxOperations is \(configuration.maxBulkOperations)")
            }
            let results = await run(bulk, baseURL: request.scimBaseURL(configuration), requestID: context.id)
            return SCIMResponse.json(.object(["schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"], "Operations": .array(results)]))
        }
    }

    private func run(_ bulk: BulkRequest, baseURL: String, requestID: String) async -> [JSONValue] {
        let operations = ResourceOperations(store: store)
        let defined = Set(bulk.operations.compactMap(\.bulkId))
        var created: [String: String] = [:]
        var failed = Set<String>()
        var results: [JSONValue] = []
        var errors = 0
        var waiting = Array(bulk.operations.indices)
        while !waiting.isEmpty {
            var done = Set<Int>()
            for index in waiting {
                if let limit = bulk.failOnErrors, errors >= limit { return results }
                let operation = bulk.operations[index]
                let references = operation.references
                let unknown = references.subtracting(defined)
                let broken = references.intersection(failed)
                if !unknown.isEmpty || !broken.isEmpty {
                    let detail = unknown.isEmpty
                        ? "the operations defining bulkId \(broken.sorted().joined(separator: ", ")) failed"
                        : "bulkId \(unknown.sorted().joined(separator: ", ")) is not defined by any operation"
                    results.append(failure(operation, SCIMError(status: 409, scimType: .invalidValue, detail: detail)))
                    operation.bulkId.map { _ = failed.insert($0) }
                    errors += 1
                } else if references.isSubset(of: created.keys) {
                    let outcome = await execute(
                        operation, substituting: created, with: operations, baseURL: baseURL, requestID: requestID)
                    switch outcome {
                    case .success(let stored):
                        if let bulkId = operation.bulkId, let stored { created[bulkId] = stored.id }
                    case .failure:
                        operation.bulkId.map { _ = failed.insert($0) }
                        errors += 1
                    }
                    results.append(render(operation, outcome, baseURL: baseURL))
                } else {
                    continue  // waits for the operations it refers to
                }
                done.insert(index)
            }
            guard !done.isEmpty else {
                let circular = SCIMError(status: 409, scimType: .invalidValue, detail: "circular bulkId references")
                return results + waiting.map { failure(bulk.operations[$0], circular) }
            }
            waiting.removeAll(where: done.contains)
        }
        return results
    }

    private func execute(
        _ operation: BulkRequest.Operation, substituting created: [String: String], with operations: ResourceOperations,
        baseURL: String, requestID: String
    ) async -> Result<StoredResource?, SCIMError> {
        do throws(SCIMError) {
            let path = Self.substitute(.string(operation.path), created).stringValue!
            let data = operation.data.map { Self.substitute($0, created) }
            let (kind, id) = try Self.target(of: path, method: operation.method)
            switch (operation.method, id) {
            case ("POST", nil):
                return .success(try await operations.create(kind, body: data ?? .null, requestID: requestID))
            case ("PUT", let id?):
                return .success(
                    try await operations.replace(kind, id: id, body: data ?? .null, ifMatch: operation.version, requestID: requestID))
            case ("PATCH", let id?):
                return .success(
                    try await operations.patch(kind, id: id, body: data ?? .null, ifMatch: operation.version, requestID: requestID))
            case ("DELETE", let id?):
                try await operations.delete(kind, id: id, ifMatch: operation.version, requestID: requestID)
                return .success(nil)
            default:
                throw SCIMError.invalidSyntax("\(operation.method) \(operation.path) is not a valid bulk operation")
            }
        } catch {
            return .failure(error)
        }
    }

    /// `/Users` → (user, nil), `/Groups/abc` → (group, abc).
    private static func target(of path: String, method: String) throws(SCIMError) -> (ResourceKind, String?) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let endpoint = parts.first, parts.count <= 2,
            let kind = ResourceKind.allCases.first(where: { $0.resourceType(in: .standard).endpoint == "/" + endpoint })
        else {
            throw .invalidPath("bulk path \(path) names no Users or Groups endpoint")
        }
        return (kind, parts.count == 2 ? parts[1] : nil)
    }

    private static func substitute(_ value: JSONValue, _ created: [String: String]) -> JSONValue {
        switch value {
        case .string(let text):
            guard let range = text.range(of: "bulkId:") else { return value }
            let reference = String(text[range.upperBound...])
            return .string(created[reference].map { text.replacingCharacters(in: range.lowerBound..., with: $0) } ?? text)
        case .array(let elements): return .array(elements.map { substitute($0, created) })
        case .object(let members): return .object(members.mapValues { substitute($0, created) })
        default: return value
        }
    }

    private func render(_ operation: BulkRequest.Operation, _ outcome: Result<StoredResource?, SCIMError>, baseURL: String) -> JSONValue {
        switch outcome {
        case .failure(let error):
            return failure(operation, error)
        case .success(let stored):
            var result: JSONObject = [
                "method": .string(operation.method),
                "status": .string(operation.method == "POST" ? "201" : (operation.method == "DELETE" ? "204" : "200")),
            ]
            if let bulkId = operation.bulkId { result["bulkId"] = .string(bulkId) }
            if let stored {
                result["location"] = .string(ResourceRoutes<Context>.location(of: stored.id, kind: stored.kind, baseURL: baseURL))
                result["version"] = .string(stored.version)
            }
            return .object(result)
        }
    }

    private func failure(_ operation: BulkRequest.Operation, _ error: SCIMError) -> JSONValue {
        var result: JSONObject = [
            "method": .string(operation.method), "status": .string(String(error.status)), "response": error.jsonValue,
        ]
        if let bulkId = operation.bulkId { result["bulkId"] = .string(bulkId) }
        return .object(result)
    }
}
