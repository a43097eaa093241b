import Hummingbird

extension Request {
    /// The absolute URL of the SCIM base path as the client sees it, for `Location` and `meta.location`.
    func scimBaseURL(_ configuration: SCIMServerConfiguration) -> String {
        if let publicBaseURL = configuration.publicBaseURL { return publicBaseURL }
        return "\(configuration.scheme)://\(head.authority ?? "localhost")\(configuration.basePath)"
    }
}
