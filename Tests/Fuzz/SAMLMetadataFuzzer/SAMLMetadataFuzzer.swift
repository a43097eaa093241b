import Foundation
import FuzzSupport
import SAMLMetadata

/// SAML metadata from arbitrary bytes, through libxml2, the metadata reader and the X.509 decoding of
/// swift-certificates: parsing must never crash, hang or leak, whatever the document.
///
/// Property checked: choosing the entity that was chosen by default again by its `entityID` gives the same document,
/// unless another entity of the document has the same `entityID` (then the choice is ambiguous, and must say so).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSAMLMetadata(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    let parser = SAMLMetadataParser()
    guard let document = try? parser.parse(bytes) else { return 0 }
    do {
        let again = try parser.parse(bytes, entityID: document.entity.entityID)
        check(again == document, "choosing \(document.entity.entityID) by its entityID gives another document")
    } catch {
        check(error.kind == .ambiguousEntity, "choosing \(document.entity.entityID) by its entityID fails: \(error)")
    }
    return 0
}
