import FuzzSupport
import SCIM

/// Request bodies from arbitrary bytes: the JSON parser, the JSON writer and resource validation
/// (RFC 7643 §2, §7) must never crash.
///
/// Properties checked:
/// - whatever `JSONParser` accepts, `JSONWriter` (compact and pretty) writes as text that parses back to an equal
///   value, which is what keeps the directory's files and HTTP responses faithful;
/// - a body that validates as a User or Group gives a canonical resource that is a fixed point: validating it again
///   for creation, or as a replacement of itself, gives it back unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzValidation(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let value = try? JSONParser().parse(UnsafeBufferPointer(start: data, count: size)) else { return 0 }
    for writer in [JSONWriter.compact, JSONWriter.pretty] {
        let written = writer.bytes(value)
        let reparsed = Result { () throws(JSONParseError) in try JSONParser().parse(written) }
        check(
            (try? reparsed.get()) == value,
            "\(String(decoding: written, as: UTF8.self)) does not parse back to the value written: \(reparsed)")
    }
    guard case .object(let body) = value else { return 0 }
    for type in [ResourceType.user, .group] {
        let validator = ResourceValidator(resourceType: type)
        guard let canonical = try? validator.validate(body, mode: .create) else { continue }
        for mode in [ResourceValidator.Mode.create, .replace(existing: canonical)] {
            let again = Result { () throws(SCIMError) in try validator.validate(canonical, mode: mode) }
            check(
                (try? again.get()) == canonical,
                "the canonical \(type.name) \(JSONValue.object(canonical)) is not a fixed point of validation "
                    + "(\(mode)): \(again)")
        }
    }
    return 0
}
