import Foundation
public import Hummingbird
public import SCIM

extension Request {
    /// The request body as JSON, after checking its media type and size (RFC 7644 §3.1, §3.8).
    ///
    /// - Parameter limit: the largest body accepted, in bytes.
    /// - Returns: the parsed body.
    /// - Throws: 415 when the `Content-Type` is missing or not `application/scim+json` / `application/json`;
    ///   413 when the body exceeds `limit` (at once when its `Content-Length` says so); 400 `invalidSyntax` when it is not valid JSON (the detail gives the line
    ///   and column).
    public mutating func scimJSON(limit: Int) async throws -> JSONValue {
        let contentType = headers[.contentType] ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType == SCIMResponse.mediaType || mediaType == "application/json" else {
            throw SCIMError(
                status: 415,
                detail: contentType.isEmpty
                    ? "the request has a body but no Content-Type; send Content-Type: application/scim+json"
                    : "Content-Type \(contentType) is not supported; send application/scim+json or application/json")
        }
        // A body announced as too large is refused before it is read: a client that announces 50 MB and sends a
        // little must not make the server wait for the rest.
        if let announced = headers[.contentLength].flatMap({ Int($0) }), announced > limit {
            throw SCIMError.payloadTooLarge(
                "the request body is \(announced) bytes; the server accepts at most \(limit) (maxPayloadSize)")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw SCIMError.payloadTooLarge("the request body is larger than \(limit) bytes (maxPayloadSize)")
        }
        do {
            return try JSONParser().parse(buffer.readableBytesView)
        } catch {
            throw SCIMError.invalidSyntax("the request body is not valid JSON: \(error)")
        }
    }
}
