import Foundation

/// The outcome of one evaluated case, kept in reports so metrics can be recomputed on resamples.
///
/// Every metric of a suite is a ``MetricRecipe`` over these records, so the paired bootstrap of
/// `compare` re-evaluates exactly what the suite reported.
public struct CaseRecord: Codable, Sendable, Equatable {
    /// Stable identity across models (e.g. `replace_obj/17`, `image/000000000139.jpg`).
    public var id: String
    /// The stratum the case belongs to (a subset, or a query direction); bootstrap resamples
    /// within each group.
    public var group: String
    /// A category used by macro averages and per-tag metrics (ARO relation, Winoground tag).
    public var label: String?
    /// Named numeric results (`correct`, `rank`, `ap`, `radius_1`, …).
    public var values: [String: Double]

    /// Creates a record.
    public init(id: String, group: String, label: String? = nil, values: [String: Double]) {
        self.id = id
        self.group = group
        self.label = label
        self.values = values
    }
}

/// Tally of cases that could not be evaluated, by reason, with a few example ids per reason.
public struct SkipLedger: Sendable, Equatable {
    /// Number of skipped cases per reason.
    public private(set) var counts: [String: Int] = [:]
    /// Up to `exampleLimit` case ids per reason.
    public private(set) var examples: [String: [String]] = [:]
    /// How many example ids to keep per reason.
    public var exampleLimit = 5

    /// An empty ledger.
    public init() {}

    /// Total skipped cases.
    public var total: Int { counts.values.reduce(0, +) }

    /// Records that case `id` was skipped because of `reason`.
    public mutating func skip(_ id: String, reason: String) {
        counts[reason, default: 0] += 1
        if examples[reason, default: []].count < exampleLimit {
            examples[reason, default: []].append(id)
        }
    }

    /// Adds every entry of `other`.
    public mutating func merge(_ other: SkipLedger) {
        for (reason, count) in other.counts { counts[reason, default: 0] += count }
        for (reason, ids) in other.examples {
            let room = exampleLimit - examples[reason, default: []].count
            if room > 0 { examples[reason, default: []].append(contentsOf: ids.prefix(room)) }
        }
    }
}
