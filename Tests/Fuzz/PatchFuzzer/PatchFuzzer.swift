import FuzzSupport
import SCIM

/// PATCH requests (RFC 7644 §3.5.2) from arbitrary bytes: reading a PatchOp message and applying it to the sample
/// User and Group must never crash.
///
/// Properties checked:
/// - a request reads back from its own `jsonValue` as an equal request (canonical op names and paths);
/// - `changed` is true exactly when the result differs from the input resource;
/// - a successful result is a fixed point of validation: validating it again as the outcome of a PATCH of itself
///   gives its content back unchanged. (All-or-nothing needs no check: resources are values, so a thrown error
///   cannot leave a half-patched one behind.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPatch(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let json = try? JSONParser().parse(UnsafeBufferPointer(start: data, count: size)),
        let request = try? PatchRequest(json: json)
    else { return 0 }
    check(
        (try? PatchRequest(json: request.jsonValue)) == request,
        "\(request.jsonValue) does not read back as the same request")
    for (type, resource) in [(ResourceType.user, SampleResources.user), (.group, SampleResources.group)] {
        guard let result = try? PatchEngine(resourceType: type).apply(request, to: resource) else { continue }
        check(
            result.changed == (result.resource != resource),
            "changed is \(result.changed) for \(request.jsonValue) on the sample \(type.name)")
        let revalidated = Result { () throws(SCIMError) in
            try ResourceValidator(resourceType: type).validate(result.resource, mode: .patch(original: result.resource))
        }
        let content = result.resource.filter { !serviceMaintained(type).contains($0.key) }
        check(
            (try? revalidated.get()) == content,
            "the result of \(request.jsonValue) on the sample \(type.name) is not a fixed point of validation: "
                + "\(JSONValue.object(result.resource)) revalidates as \(revalidated)")
    }
    return 0
}

/// The names of the read-only attributes that validation drops and the store keeps (`id`, `meta`, a User's
/// `groups`). `schemas` is read-only too, but validation computes it, so it stays.
private func serviceMaintained(_ type: ResourceType) -> Set<String> {
    Set(
        (CommonAttributes.all + type.schema.attributes)
            .filter { $0.mutability == .readOnly && $0.name != CommonAttributes.schemas.name }
            .map(\.name))
}
