import CaptionNegatives
import Foundation

/// One metric of a two-model comparison.
public struct ComparisonRow: Codable, Sendable, Equatable {
    /// Metric name.
    public var metric: String
    /// Display kind.
    public var kind: MetricKind
    /// Model A's reported value, if any.
    public var a: Double?
    /// Model B's reported value, if any.
    public var b: Double?
    /// `b − a` (of the reported values).
    public var difference: Double?
    /// Lower end of the bootstrap confidence interval of `b − a` over paired cases.
    public var lower: Double?
    /// Upper end.
    public var upper: Double?
}

/// Side-by-side comparison of two results of the same suite with paired bootstrap intervals.
public struct Comparison: Codable, Sendable, Equatable {
    /// Suite name.
    public var suite: String
    /// Model A fingerprint.
    public var modelA: String
    /// Model B fingerprint.
    public var modelB: String
    /// Cases present in both results (the bootstrap population).
    public var pairedCases: Int
    /// Bootstrap replicates drawn.
    public var resamples: Int
    /// Confidence level of the intervals.
    public var confidence: Double
    /// Seed of the resampling.
    public var seed: UInt64
    /// One row per metric.
    public var rows: [ComparisonRow]
}

/// Paired bootstrap over case records (Efron & Tibshirani 1993, percentile intervals).
///
/// Both results are restricted to the case ids they share. Each replicate draws, within every
/// case group (subset / query direction), as many cases as the group has, uniformly with
/// replacement, and applies the *same* draw to both models; every metric is recomputed from
/// its recipe on both and the difference `b − a` recorded. The interval is the
/// `(1 − confidence)/2` and `(1 + confidence)/2` quantiles of those differences (linear
/// interpolation between order statistics, as `numpy.quantile`). Draws use
/// ``SeededGenerator``, so a seed reproduces the interval exactly.
public enum PairedBootstrap {
    /// Compares `a` and `b`.
    /// - Throws: ``EvaluationError/report(_:)`` if the suites differ, a result has duplicate
    ///   case ids, or no case is shared.
    public static func compare(
        _ a: EvalResult, _ b: EvalResult, resamples: Int = 1000, confidence: Double = 0.95,
        seed: UInt64 = 0
    ) throws -> Comparison {
        precondition(resamples > 0 && confidence > 0 && confidence < 1, "bad bootstrap settings")
        guard a.suite == b.suite else {
            throw EvaluationError.report("cannot compare suite \(a.suite) with \(b.suite)")
        }
        let bIndex = try index(of: b)
        _ = try index(of: a)
        var pairedA: [CaseRecord] = []
        var pairedB: [CaseRecord] = []
        for record in a.cases {
            if let j = bIndex[record.id] {
                pairedA.append(record)
                pairedB.append(b.cases[j])
            }
        }
        guard !pairedA.isEmpty else {
            throw EvaluationError.report("\(a.suite): the two results share no case id")
        }
        let bSpecs = Dictionary(b.specs.map { ($0.name, $0) }, uniquingKeysWith: { x, _ in x })
        let specs = a.specs.filter { bSpecs[$0.name]?.recipe == $0.recipe }
        var strata: [String: [Int]] = [:]
        for (i, record) in pairedA.enumerated() { strata[record.group, default: []].append(i) }
        let groups = strata.keys.sorted().map { strata[$0]! }
        var tableA = CaseTable(pairedA)
        var tableB = CaseTable(pairedB)
        var generator = SeededGenerator(seed: seed)
        var differences: [String: [Double]] = [:]
        for _ in 0 ..< resamples {
            var weights = [Int](repeating: 0, count: pairedA.count)
            for members in groups {
                for _ in members.indices {
                    weights[members[generator.nextIndex(below: members.count)]] += 1
                }
            }
            let metricsA = tableA.evaluate(specs, weights: weights)
            let metricsB = tableB.evaluate(specs, weights: weights)
            for spec in specs {
                if let x = metricsA[spec.name], let y = metricsB[spec.name] {
                    differences[spec.name, default: []].append(y - x)
                }
            }
        }
        let lowQ = (1 - confidence) / 2
        var names = a.specs.map(\.name)
        names += b.specs.map(\.name).filter { !names.contains($0) }
        let kinds = Dictionary(
            (b.specs + a.specs).map { ($0.name, $0.kind) },
            uniquingKeysWith: { _, last in last })
        let rows = names.compactMap { name -> ComparisonRow? in
            let x = a.metrics[name]
            let y = b.metrics[name]
            guard x != nil || y != nil else { return nil }
            let sorted = differences[name]?.sorted()
            return ComparisonRow(
                metric: name, kind: kinds[name] ?? .score, a: x, b: y,
                difference: x.flatMap { x in y.map { $0 - x } },
                lower: sorted.map { quantile($0, lowQ) },
                upper: sorted.map { quantile($0, 1 - lowQ) })
        }
        return Comparison(
            suite: a.suite, modelA: a.model, modelB: b.model, pairedCases: pairedA.count,
            resamples: resamples, confidence: confidence, seed: seed, rows: rows)
    }

    /// `numpy.quantile(values, q)` with linear interpolation; `values` sorted ascending.
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        precondition(!values.isEmpty, "quantile of nothing")
        let position = q * Double(values.count - 1)
        let low = Int(position.rounded(.down))
        let high = min(low + 1, values.count - 1)
        return values[low] + (values[high] - values[low]) * (position - Double(low))
    }

    private static func index(of result: EvalResult) throws -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, record) in result.cases.enumerated() {
            guard index.updateValue(i, forKey: record.id) == nil else {
                throw EvaluationError.report(
                    "\(result.suite) result of \(result.model) has duplicate case id \(record.id)")
            }
        }
        return index
    }
}
