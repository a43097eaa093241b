import Foundation

/// The package's `samples/` folder.
let samplesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples")

/// Runs a Python 3 program given as text, with arguments.
func runPython(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Scimdir.Output {
    try Scimdir.runProgram(
        URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", program] + arguments, environment: environment)
}
