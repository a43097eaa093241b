extension SCIMError {
    /// The same error with `context: ` in front of its detail, e.g. which PATCH operation failed.
    func prefixed(with context: String) -> SCIMError {
        SCIMError(status: status, scimType: scimType, detail: "\(context): \(detail)")
    }
}
