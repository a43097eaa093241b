import Testing

@testable import SCIM

// Helpers shared by the Patch* suites; names carry "patch" so that they cannot collide with other suites' helpers.

/// Parses JSON text written in a test; a typo in a test body is a test bug, so it traps.
func patchJSON(_ text: String) -> JSONValue {
    try! JSONParser().parse(text)
}
