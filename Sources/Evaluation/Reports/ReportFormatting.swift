import Foundation

/// Number and name formatting shared by the Markdown and HTML reports.
enum ReportFormatting {
    /// Fractions as percentages with two decimals, ranks with one, other scores with three
    /// (one when ≥ 10, as rsum).
    static func value(_ value: Double?, kind: MetricKind) -> String {
        guard let value else { return "–" }
        guard value.isFinite else { return "\(value)" }
        switch kind {
        case .fraction: return String(format: "%.2f", 100 * value)
        case .rank: return String(format: "%.1f", value)
        case .score: return String(format: abs(value) >= 10 ? "%.1f" : "%.3f", value)
        }
    }

    /// A signed difference in the metric's display unit.
    static func difference(_ value: Double?, kind: MetricKind) -> String {
        guard let value else { return "–" }
        let text = Self.value(value, kind: kind)
        return value > 0 ? "+" + text : text
    }

    /// The unit suffix for a column header.
    static func unit(_ kind: MetricKind) -> String {
        switch kind {
        case .fraction: return " (%)"
        case .rank, .score: return ""
        }
    }

    /// A short model label: fingerprints like `sha256:abcdef…` become `abcdef012345`.
    static func model(_ fingerprint: String) -> String {
        let stripped =
            fingerprint.hasPrefix("sha256:")
            ? String(fingerprint.dropFirst(7)) : fingerprint
        let isHex = stripped.count > 16 && stripped.allSatisfy(\.isHexDigit)
        return isHex ? String(stripped.prefix(12)) : stripped
    }

    /// Column labels for results of one suite: the model label, made unique when the same
    /// model appears twice (e.g. two data sources) by adding the data source or a counter.
    static func labels(_ group: [EvalResult]) -> [String] {
        let models = group.map { model($0.model) }
        guard Set(models).count < models.count else { return models }
        var labels = zip(models, group).map { name, result -> String in
            guard let source = result.extras.dataDescription?.split(separator: " ").first else {
                return name
            }
            return name + " · " + URL(fileURLWithPath: String(source)).lastPathComponent
        }
        if Set(labels).count < labels.count {
            labels = labels.enumerated().map { "\($0.element) #\($0.offset + 1)" }
        }
        return labels
    }

    /// Skip reasons as `reason (count)` sorted by count.
    static func skips(_ reasons: [String: Int]) -> String {
        reasons.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .map { "\($0.key) (\($0.value))" }.joined(separator: "; ")
    }

    /// Results grouped by suite, suites in first-appearance order.
    static func bySuite(_ results: [EvalResult]) -> [(suite: String, results: [EvalResult])] {
        var order: [String] = []
        var groups: [String: [EvalResult]] = [:]
        for result in results {
            if groups[result.suite] == nil { order.append(result.suite) }
            groups[result.suite, default: []].append(result)
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// Sections and their metric specs, union over results, in first-appearance order.
    static func sections(_ results: [EvalResult]) -> [(title: String, specs: [MetricSpec])] {
        var order: [String] = []
        var specs: [String: [MetricSpec]] = [:]
        var seen: Set<String> = []
        for result in results {
            for spec in result.specs where !seen.contains(spec.name) {
                guard results.contains(where: { $0.metrics[spec.name] != nil }) else { continue }
                seen.insert(spec.name)
                if specs[spec.section] == nil { order.append(spec.section) }
                specs[spec.section, default: []].append(spec)
            }
        }
        return order.map { ($0, specs[$0]!) }
    }
}
