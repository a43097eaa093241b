public import Hummingbird
public import SCIM

/// Builds responses in SCIM's media type (RFC 7644 §3.1, §8.1).
public enum SCIMResponse {
    /// `application/scim+json`, the media type of every SCIM response body.
    public static let mediaType = "application/scim+json"

    /// A JSON response.
    ///
    /// - Parameters:
    ///   - value: the body.
    ///   - status: the HTTP status, 200 by default.
    ///   - headers: extra headers, e.g. `ETag`, `Location`.
    public static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = mediaType
        var buffer = ByteBuffer()
        buffer.writeBytes(JSONWriter.compact.bytes(value))
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: buffer))
    }

    /// The SCIM Error message for `error` (RFC 7644 §3.12).
    public static func error(_ error: SCIMError, headers: HTTPFields = [:]) -> Response {
        json(error.jsonValue, status: HTTPResponse.Status(code: error.status), headers: headers)
    }
}
