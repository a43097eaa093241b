/// `baseURL` joined with an endpoint-relative `path` (`/Schemas/…`), whether or not `baseURL` ends in `/`.
func absoluteLocation(_ path: String, baseURL: String) -> String {
    (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + path
}

extension JSONValue {
    /// The document with its relative `meta.location` made absolute against `baseURL` (RFC 7643 §3.1: `location`
    /// is the URI of the resource).
    func withAbsoluteLocation(baseURL: String) -> JSONValue {
        guard case .object(var object) = self, case .object(var meta) = object["meta"],
            let location = meta["location"]?.stringValue
        else { return self }
        meta["location"] = .string(absoluteLocation(location, baseURL: baseURL))
        object["meta"] = .object(meta)
        return .object(object)
    }
}
