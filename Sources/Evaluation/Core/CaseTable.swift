import Foundation

/// A columnar view of case records that evaluates ``MetricSpec`` recipes, optionally with
/// per-case multiplicities (the bootstrap's resampling weights).
struct CaseTable {
    let count: Int
    /// Case indices per group.
    private let members: [String: [Int]]
    /// Label id per case (`-1`: none) and the ids of label names.
    private let labelIds: [Int]
    private let labelNames: [String]
    /// Column per field; `nan` marks cases without that field.
    private let columns: [String: [Double]]
    /// Members sorted by value, per field and group (for weighted medians).
    private var sortedMembers: [String: [Int]] = [:]

    init(_ cases: [CaseRecord]) {
        count = cases.count
        var members: [String: [Int]] = [:]
        var labelIndex: [String: Int] = [:]
        var labelNames: [String] = []
        var labelIds: [Int] = []
        var columns: [String: [Double]] = [:]
        for (index, record) in cases.enumerated() {
            members[record.group, default: []].append(index)
            if let label = record.label {
                if labelIndex[label] == nil {
                    labelIndex[label] = labelNames.count
                    labelNames.append(label)
                }
                labelIds.append(labelIndex[label]!)
            } else {
                labelIds.append(-1)
            }
            for (field, value) in record.values {
                if columns[field] == nil {
                    columns[field] = Array(repeating: .nan, count: cases.count)
                }
                columns[field]![index] = value
            }
        }
        self.members = members
        self.labelIds = labelIds
        self.labelNames = labelNames
        self.columns = columns
    }

    /// Evaluates `specs` in order; `weights[i]` is how many times case `i` counts (default 1).
    mutating func evaluate(_ specs: [MetricSpec], weights: [Int]? = nil) -> [String: Double] {
        var metrics: [String: Double] = [:]
        for spec in specs {
            if let value = value(of: spec.recipe, weights: weights, metrics: metrics) {
                metrics[spec.name] = value
            }
        }
        return metrics
    }

    /// Indices of the cases in `group` (all cases when `nil`).
    private func indices(_ group: String?) -> [Int] {
        guard let group else { return Array(0 ..< count) }
        return members[group] ?? []
    }

    private mutating func value(
        of recipe: MetricRecipe, weights: [Int]?, metrics: [String: Double]
    ) -> Double? {
        switch recipe {
        case let .mean(field, group, label):
            let labelId = label.map { labelNames.firstIndex(of: $0) ?? -2 }
            return weightedMean(field, group, labelId: labelId, weights) { $0 }
        case let .fractionAtMost(field, limit, group):
            return weightedMean(field, group, labelId: nil, weights) { $0 <= limit ? 1 : 0 }
        case let .medianFloor(field, group):
            return medianFloor(field, group: group, weights: weights)
        case let .macroMean(field, group, minCount, excluded):
            return macroMean(
                field, group: group, minCount: minCount, excluded: Set(excluded),
                weights: weights)
        case let .sum(names, scale):
            let parts = names.compactMap { metrics[$0] }
            return parts.count == names.count ? scale * parts.reduce(0, +) : nil
        case let .average(names):
            let parts = names.compactMap { metrics[$0] }
            return parts.isEmpty ? nil : parts.reduce(0, +) / Double(parts.count)
        }
    }

    private func weightedMean(
        _ field: String, _ group: String?, labelId: Int?, _ weights: [Int]?,
        map: (Double) -> Double
    ) -> Double? {
        guard let column = columns[field] else { return nil }
        var total = 0.0
        var n = 0
        for i in indices(group) {
            let value = column[i]
            if value.isNaN { continue }
            if let labelId, labelIds[i] != labelId { continue }
            let w = weights?[i] ?? 1
            if w == 0 { continue }
            total += Double(w) * map(value)
            n += w
        }
        return n == 0 ? nil : total / Double(n)
    }

    private mutating func medianFloor(_ field: String, group: String?, weights: [Int]?)
        -> Double?
    {
        guard let column = columns[field] else { return nil }
        let key = field + "\u{0}" + (group ?? "\u{1}")
        if sortedMembers[key] == nil {
            sortedMembers[key] = indices(group).filter { !column[$0].isNaN }
                .sorted { column[$0] < column[$1] }
        }
        let order = sortedMembers[key]!
        let total = order.reduce(0) { $0 + (weights?[$1] ?? 1) }
        guard total > 0 else { return nil }
        // numpy median: middle element, or the mean of the two middle ones (0-based positions).
        let lowPosition = (total - 1) / 2
        let highPosition = total / 2
        var low: Double?
        var high: Double?
        var seen = 0
        for i in order {
            let w = weights?[i] ?? 1
            if w == 0 { continue }
            if low == nil, lowPosition < seen + w { low = column[i] }
            if highPosition < seen + w {
                high = column[i]
                break
            }
            seen += w
        }
        guard let low, let high else { return nil }
        return ((low + high) / 2).rounded(.down)
    }

    private func macroMean(
        _ field: String, group: String?, minCount: Int, excluded: Set<String>, weights: [Int]?
    ) -> Double? {
        guard let column = columns[field] else { return nil }
        var sums = [Double](repeating: 0, count: labelNames.count)
        var counts = [Int](repeating: 0, count: labelNames.count)
        for i in indices(group) where !column[i].isNaN && labelIds[i] >= 0 {
            let w = weights?[i] ?? 1
            sums[labelIds[i]] += Double(w) * column[i]
            counts[labelIds[i]] += w
        }
        let kept = labelNames.indices
            .filter { counts[$0] >= max(minCount, 1) && !excluded.contains(labelNames[$0]) }
            .sorted { labelNames[$0] < labelNames[$1] }
        guard !kept.isEmpty else { return nil }
        return kept.map { sums[$0] / Double(counts[$0]) }.reduce(0, +) / Double(kept.count)
    }
}
