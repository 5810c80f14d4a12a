import Foundation

/// How one metric is computed from the case records (and from metrics listed before it).
public indirect enum MetricRecipe: Codable, Sendable, Equatable {
    /// Mean of `field` over the cases having it, optionally restricted to a group and a label.
    case mean(field: String, group: String? = nil, label: String? = nil)
    /// Fraction of cases whose `field` is at most `limit` (Recall@K from ranks).
    case fractionAtMost(field: String, limit: Double, group: String? = nil)
    /// `floor(median(field))`: open_clip's median rank (`floor(median(rank - 1)) + 1`).
    case medianFloor(field: String, group: String? = nil)
    /// Mean over labels of the per-label mean of `field`, keeping labels with at least
    /// `minCount` cases and not listed in `excludedLabels` (ARO macro accuracy).
    case macroMean(
        field: String, group: String? = nil, minCount: Int = 1, excludedLabels: [String] = [])
    /// `scale` times the sum of earlier metrics; absent if any of them is absent (rsum).
    case sum(metrics: [String], scale: Double = 1)
    /// Mean of the earlier metrics that are present; absent if none is.
    case average(metrics: [String])
}

/// How a metric is displayed and compared.
public enum MetricKind: String, Codable, Sendable {
    /// A proportion in [0, 1], shown as a percentage.
    case fraction
    /// A rank (1 = best), lower is better.
    case rank
    /// Any other score (rsum in percentage points, Kendall τ).
    case score
}

/// A named metric: its recipe plus presentation hints for reports.
public struct MetricSpec: Codable, Sendable, Equatable {
    /// The metric's key in `metrics` (paper names: `i2t_r1`, `replace_obj`, `tau_d`, …).
    public var name: String
    /// How it is computed.
    public var recipe: MetricRecipe
    /// The report table the metric belongs to (e.g. "Subsets", "Averages").
    public var section: String
    /// Display and comparison hint.
    public var kind: MetricKind

    /// Creates a metric specification.
    public init(
        _ name: String, _ recipe: MetricRecipe, section: String, kind: MetricKind = .fraction
    ) {
        self.name = name
        self.recipe = recipe
        self.section = section
        self.kind = kind
    }

    /// Whether larger values are better.
    public var higherIsBetter: Bool { kind != .rank }
}
