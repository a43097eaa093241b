public import Foundation

extension SAMLMetadataParser {
    /// Reads a metadata file, never more than ``MetadataLimits/maximumBytes`` plus one byte of it, and parses it
    /// as ``parse(_:entityID:)`` does.
    ///
    /// ```swift
    /// let document = try SAMLMetadataParser().parse(contentsOf: URL(filePath: "DIR/saml/metadata.xml"))
    /// ```
    ///
    /// A file over the limit is refused before its content is read (its size comes from the file system), and a
    /// pipe or device that keeps producing bytes is cut off at the limit.
    ///
    /// - Throws: ``SAMLMetadataError`` of kind `unreadable` when the file cannot be opened or read, otherwise as
    ///   ``parse(_:entityID:)``.
    public func parse(contentsOf url: URL, entityID: String? = nil) throws(SAMLMetadataError) -> MetadataDocument {
        try parse(readCapped(url), entityID: entityID)
    }

    private func readCapped(_ url: URL) throws(SAMLMetadataError) -> Data {
        let limit = min(limits.maximumBytes, Int(Int32.max))
        do {
            let file = try url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
            if file.isRegularFile == true, let size = file.fileSize, size > limit {
                throw SAMLMetadataError(kind: .tooLarge, message: "file is \(size) bytes; the limit is \(limit) bytes")
            }
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            guard data.count <= limit else {
                throw SAMLMetadataError(kind: .tooLarge, message: "file is larger than the limit of \(limit) bytes")
            }
            return data
        } catch let error as SAMLMetadataError {
            throw error
        } catch {
            throw SAMLMetadataError(
                kind: .unreadable, message: "cannot read \(url.path): \(error.localizedDescription)")
        }
    }
}
