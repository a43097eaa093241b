import Foundation
import SCIM

extension ReconciliationReport {
    /// The report as JSON in the directory's file style (``JSONWriter/pretty``: sorted keys, two-space indentation,
    /// a final newline): what `scimdir reconcile --format json` prints and `STATE/reconcile.json` holds.
    public func jsonBytes() -> [UInt8] {
        // The report holds strings, integers, booleans, arrays and objects only, which neither encoding nor
        // re-parsing can fail on.
        let data = try! JSONEncoder().encode(self)
        return JSONWriter.pretty.bytes(try! JSONParser().parse(Array(data)))
    }
}
