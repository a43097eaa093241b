/// A checker of the Prometheus text exposition format, version 0.0.4 (prometheus.io, "Exposition formats"), strict
/// enough to catch what a scraper would reject: malformed names, labels, escapes and values, `# TYPE` lines after
/// their samples or twice, and histograms whose buckets are not cumulative or do not end in `+Inf` matching `_count`.
enum PrometheusTextFormat {
    /// One sample line.
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Violation: Error, CustomStringConvertible {
        var line: Int
        var reason: String
        var description: String { "line \(line): \(reason)" }
    }

    /// The samples of `text`.
    ///
    /// - Throws: ``Violation`` naming the first line that breaks a rule.
    static func parse(_ text: String) throws -> [Sample] {
        guard text.isEmpty || text.hasSuffix("\n") else { throw Violation(line: 0, reason: "no final newline") }
        var samples: [Sample] = []
        var types: [String: String] = [:]
        var familiesWithSamples: Set<String> = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            let number = index + 1
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let words = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
                guard words.count >= 3, words[0] == "#", ["TYPE", "HELP"].contains(words[1]) else { continue }
                let name = String(words[2])
                guard isMetricName(name) else { throw Violation(line: number, reason: "bad metric name \(name)") }
                if words[1] == "TYPE" {
                    guard words.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(words[3])
                    else { throw Violation(line: number, reason: "bad TYPE line") }
                    guard types[name] == nil else { throw Violation(line: number, reason: "second TYPE for \(name)") }
                    guard !familiesWithSamples.contains(name) else {
                        throw Violation(line: number, reason: "TYPE for \(name) after its samples")
                    }
                    types[name] = String(words[3])
                }
                continue
            }
            let sample = try parseSample(Substring(line), line: number)
            familiesWithSamples.insert(family(of: sample.name, types: types))
            samples.append(sample)
        }
        try checkHistograms(samples, types: types)
        return samples
    }

    /// The family a sample belongs to: `x` for `x_bucket`, `x_sum` and `x_count` of a histogram `x`.
    private static func family(of name: String, types: [String: String]) -> String {
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if types[base] == "histogram" || types[base] == "summary" { return base }
        }
        return name
    }

    private static func parseSample(_ line: Substring, line lineNumber: Int) throws -> Sample {
        var rest = line[...]
        let name = String(rest.prefix(while: { $0 != "{" && $0 != " " }))
        guard isMetricName(name) else { throw Violation(line: lineNumber, reason: "bad metric name \(name)") }
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                let labelName = String(rest.prefix(while: { $0 != "=" }))
                guard isLabelName(labelName), labels[labelName] == nil else {
                    throw Violation(line: lineNumber, reason: "bad or repeated label name \(labelName)")
                }
                rest = rest.dropFirst(labelName.count)
                guard rest.hasPrefix("=\"") else {
                    throw Violation(line: lineNumber, reason: "label \(labelName) not quoted")
                }
                rest = rest.dropFirst(2)
                var value = ""
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    if character == "\\" {
                        switch rest.first {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: throw Violation(line: lineNumber, reason: "bad escape in label \(labelName)")
                        }
                        rest = rest.dropFirst()
                    } else {
                        value.append(character)
                    }
                }
                guard rest.first == "\"" else { throw Violation(line: lineNumber, reason: "unterminated label value") }
                rest = rest.dropFirst()
                labels[labelName] = value
                if rest.first == "," {
                    rest = rest.dropFirst()
                } else if rest.first != "}" {
                    throw Violation(line: lineNumber, reason: "expected , or } after label \(labelName)")
                }
            }
            rest = rest.dropFirst()
        }
        let fields = rest.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3, fields[0].isEmpty, let value = number(fields[1]),
            fields.count == 2 || Int64(fields[2]) != nil
        else { throw Violation(line: lineNumber, reason: "expected one space, a value and an optional timestamp") }
        return Sample(name: name, labels: labels, value: value)
    }

    private static func number(_ text: Substring) -> Double? {
        switch text {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: Double(text)
        }
    }

    private static func checkHistograms(_ samples: [Sample], types: [String: String]) throws {
        for (name, type) in types where type == "histogram" {
            var series: [[String: String]: [(bound: Double, count: Double)]] = [:]
            for sample in samples where sample.name == name + "_bucket" {
                guard let bound = sample.labels["le"].flatMap({ number(Substring($0)) }) else {
                    throw Violation(line: 0, reason: "\(name)_bucket without a numeric le label")
                }
                series[sample.labels.filter { $0.key != "le" }, default: []].append((bound, sample.value))
            }
            for (labels, buckets) in series {
                let sorted = buckets.sorted { $0.bound < $1.bound }
                guard sorted.last?.bound == .infinity else {
                    throw Violation(line: 0, reason: "\(name) \(labels) has no +Inf bucket")
                }
                guard zip(sorted, sorted.dropFirst()).allSatisfy({ $0.count <= $1.count }) else {
                    throw Violation(line: 0, reason: "\(name) \(labels) buckets are not cumulative")
                }
                let count = samples.first { $0.name == name + "_count" && $0.labels == labels }?.value
                guard count == sorted.last?.count,
                    samples.contains(where: { $0.name == name + "_sum" && $0.labels == labels })
                else { throw Violation(line: 0, reason: "\(name) \(labels) lacks _sum or a _count equal to +Inf") }
            }
        }
    }

    private static func isMetricName(_ name: String) -> Bool {
        name.wholeMatch(of: /[a-zA-Z_:][a-zA-Z0-9_:]*/) != nil
    }

    private static func isLabelName(_ name: String) -> Bool {
        name.wholeMatch(of: /[a-zA-Z_][a-zA-Z0-9_]*/) != nil
    }
}
