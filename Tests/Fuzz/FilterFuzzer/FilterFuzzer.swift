import FuzzSupport
import SCIM

/// The filter language (RFC 7644 §3.4.2.2) on arbitrary text: parsing, printing, compiling and matching must never
/// crash, and must agree with each other.
///
/// Properties checked for every input that parses:
/// - the printed filter parses back to the same tree (`parse(filter.description) == filter`);
/// - compiling for User and Group either fails with a SCIMError or gives a predicate whose canonical filter also
///   round-trips and compiles to itself;
/// - `not (F)` matches the sample resource exactly when `F` does not.
/// The same text is also read as a PATCH path (which reuses the filter parser): it must print back to itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFilter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    checkPatchPath(text)
    guard let filter = try? FilterParser().parse(text) else { return 0 }
    checkRoundTrip(filter)
    for (type, resource) in [(ResourceType.user, SampleResources.user), (.group, SampleResources.group)] {
        guard let predicate = try? filter.compile(for: type) else { continue }
        checkRoundTrip(predicate.filter)
        check(
            (try? predicate.filter.compile(for: type).filter) == predicate.filter,
            "the canonical filter \(predicate.filter) does not compile to itself")
        let matches = predicate.matches(resource)
        check(
            (try? Filter.not(filter).compile(for: type).matches(resource)) == !matches,
            "not (\(filter)) does not negate \(filter) on the sample \(type.name)")
    }
    return 0
}

/// A parser without the length bound: printing may lengthen a filter a little (`NOT(a pr)` → `not (a pr)`), and
/// the property is about the grammar, not the bound.
private let unboundedParser = FilterParser(maximumLength: .max)

private func checkRoundTrip(_ filter: Filter) {
    let printed = filter.description
    let reparsed = Result { () throws(SCIMError) in try unboundedParser.parse(printed) }
    check(
        (try? reparsed.get()) == filter,
        "\(printed) does not parse back to the same filter: \(reparsed) instead of \(filter)")
}

private func checkPatchPath(_ text: String) {
    guard let path = try? PatchPath(parsing: text) else { return }
    let printed = path.description
    // PATCH paths keep the default length bound; printing may lengthen one past it (`1e9` → `1000000000.0`).
    guard printed.unicodeScalars.count <= FilterParser().maximumLength else { return }
    check((try? PatchPath(parsing: printed)) == path, "the PATCH path \(printed) does not parse back to \(path)")
}
