/// Request parameters (URL query items or SearchRequest members) looked up by name case-insensitively, as SCIM
/// compares names (RFC 7643 §2.1): `startIndex`, `startindex` and `STARTINDEX` are one parameter.
///
/// A parameter given twice, in any spelling, is an error rather than a guess at which one the client meant.
struct ParameterLookup<Value> {
    private let parameters: [(name: String, value: Value)]

    init(_ parameters: [(name: String, value: Value)]) {
        self.parameters = parameters
    }

    /// The value of the parameter called `name`, or `nil` when it is absent.
    ///
    /// - Throws: 400 `invalidValue` when the parameter is given more than once.
    func value(_ name: String) throws(SCIMError) -> Value? {
        var found: Value? = nil
        for parameter in parameters where parameter.name.caseInsensitiveEquals(name) {
            guard found == nil else { throw .invalidValue("\"\(name)\" is given more than once") }
            found = parameter.value
        }
        return found
    }
}
