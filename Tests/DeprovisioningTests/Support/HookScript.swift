import Foundation

/// An `--on-diff` command for tests: a shell script that fails its first `failures` runs and logs every run as
/// `<sequence> ok` or `<sequence> failed`.
struct HookScript {
    let script: URL
    let log: URL

    init(in folder: URL, failures: Int = 0) throws {
        script = folder.appendingPathComponent("hook-\(UUID().uuidString.prefix(6)).sh")
        log = script.appendingPathExtension("log")
        let counter = script.appendingPathExtension("count")
        let text = """
            #!/bin/sh
            n=$(cat '\(counter.path)' 2>/dev/null || echo 0)
            n=$((n+1))
            echo $n > '\(counter.path)'
            sequence=$(expr "$(basename "$1" .json)" + 0)
            [ "$sequence" = "$SCIMDIR_DIFF_SEQUENCE" ] || sequence="mismatch-$sequence-$SCIMDIR_DIFF_SEQUENCE"
            if [ $n -le \(failures) ]; then echo "$sequence failed" >> '\(log.path)'; exit 1; fi
            echo "$sequence ok" >> '\(log.path)'

            """
        try text.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
    }

    /// Every run so far: the diff's sequence and whether it succeeded.
    var runs: [(sequence: Int, ok: Bool)] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            let parts = line.split(separator: " ")
            return (Int(parts[0]) ?? -1, parts.count > 1 && parts[1] == "ok")
        }
    }

    /// The sequences delivered successfully, in order.
    var delivered: [Int] { runs.filter(\.ok).map(\.sequence) }
}
