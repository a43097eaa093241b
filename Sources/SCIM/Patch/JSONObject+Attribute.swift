extension JSONObject {
    /// The whole value of `location`'s attribute in a canonical resource, ignoring its sub-attribute: top-level, or
    /// inside the extension object the attribute belongs to. Setting `nil` removes it.
    subscript(attribute location: ResourceType.ResolvedAttribute) -> JSONValue? {
        get {
            guard let urn = location.extensionURN else { return self[location.attribute.name] }
            return self[urn]?.objectValue?[location.attribute.name]
        }
        set {
            guard let urn = location.extensionURN else {
                self[location.attribute.name] = newValue
                return
            }
            var container = self[urn]?.objectValue ?? [:]
            container[location.attribute.name] = newValue
            self[urn] = .object(container)
        }
    }
}
