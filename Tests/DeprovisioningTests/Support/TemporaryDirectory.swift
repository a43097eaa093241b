import Foundation

/// A fresh folder under the system's temporary directory, removed by ``remove()``.
struct TemporaryDirectory {
    let url: URL

    init(_ label: String = "scimdir-deprovisioning") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func appending(_ path: String) -> URL {
        url.appendingPathComponent(path)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
