import Foundation

/// The result of running one suite with one model: metrics, what was skipped and why, and the
/// per-case records that let reports recompute metrics (bootstrap, charts).
public struct EvalResult: Codable, Sendable, Equatable {
    /// Suite name (`sugarcrepe`, `retrieval`, …).
    public var suite: String
    /// The model fingerprint.
    public var model: String
    /// Cases evaluated (the suite's primary unit; see ``counts`` for the rest).
    public var evaluated: Int
    /// Cases that could not be evaluated.
    public var skipped: Int
    /// Skipped cases per reason.
    public var skipReasons: [String: Int]
    /// A few case ids per skip reason.
    public var skipExamples: [String: [String]]
    /// Metric values under their paper names; a metric without data is absent.
    public var metrics: [String: Double]
    /// How each metric is computed, in display order.
    public var specs: [MetricSpec]
    /// Per-case outcomes.
    public var cases: [CaseRecord]
    /// Other counts worth reporting (`images`, `captions`, `valid_foils`, …).
    public var counts: [String: Int]
    /// Caveats (averages over partial data, deviations from the reference protocol).
    public var notes: [String]
    /// Data for charts that case records cannot carry.
    public var extras: EvalExtras

    enum CodingKeys: String, CodingKey {
        case suite, model, evaluated, skipped, metrics, specs, cases, counts, notes, extras
        case skipReasons = "skip_reasons"
        case skipExamples = "skip_examples"
    }

    /// Builds a result, computing every metric of `specs` from `cases`.
    public init(
        suite: String, model: String, evaluated: Int, skips: SkipLedger, specs: [MetricSpec],
        cases: [CaseRecord], counts: [String: Int] = [:], notes: [String] = [],
        extras: EvalExtras = EvalExtras()
    ) {
        self.suite = suite
        self.model = model
        self.evaluated = evaluated
        self.skipped = skips.total
        self.skipReasons = skips.counts
        self.skipExamples = skips.examples
        self.specs = specs
        self.cases = cases
        self.counts = counts
        self.notes = notes
        self.extras = extras
        var table = CaseTable(cases)
        let metrics = table.evaluate(specs)
        self.metrics = metrics
        for spec in specs {
            guard case .average(let parts) = spec.recipe, metrics[spec.name] != nil else {
                continue
            }
            let absent = parts.filter { metrics[$0] == nil }
            if !absent.isEmpty {
                self.notes.append(
                    "\(spec.name) averages \(parts.count - absent.count) of \(parts.count) parts; "
                        + "no data for \(absent.joined(separator: ", "))")
            }
        }
    }

    /// Metric names in display order, only those with a value.
    public var metricOrder: [String] { specs.map(\.name).filter { metrics[$0] != nil } }

    /// The one-object summary printed by `loupe eval --json`:
    /// `{"suite", "model", "evaluated", "skipped", "skip_reasons", "metrics"}` in that order.
    public func summaryJSON() -> String {
        var writer = OrderedJSON()
        writer.field("suite", .string(suite))
        writer.field("model", .string(model))
        writer.field("evaluated", .number(Double(evaluated)))
        writer.field("skipped", .number(Double(skipped)))
        writer.field(
            "skip_reasons",
            .object(
                skipReasons.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) }))
        writer.field("metrics", .object(metricOrder.map { ($0, .number(metrics[$0]!)) }))
        return writer.rendered()
    }

    /// The full result as pretty, key-sorted JSON (the report file format).
    public func encodedJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// Reads one result, or an array of results, from a report JSON file.
    public static func load(from url: URL) throws -> [EvalResult] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw EvaluationError.report("cannot read \(url.path): \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        if let one = try? decoder.decode(EvalResult.self, from: data) { return [one] }
        do { return try decoder.decode([EvalResult].self, from: data) } catch {
            throw EvaluationError.report(
                "\(url.path) is not an evaluation report (one result or an array): \(error)")
        }
    }
}

/// Chart data that does not fit in case records.
public struct EvalExtras: Codable, Sendable, Equatable {
    /// HierarCaps example chains (predicted vs ground truth) for the HTML report.
    public var chains: [ChainExample]
    /// Free-form description of the data the suite read (file paths, split).
    public var dataDescription: String?

    /// Empty extras, or the given ones.
    public init(chains: [ChainExample] = [], dataDescription: String? = nil) {
        self.chains = chains
        self.dataDescription = dataDescription
    }
}

/// One HierarCaps image with its retrieved generic-to-specific chain.
public struct ChainExample: Codable, Sendable, Equatable {
    /// The image file.
    public var image: String
    /// Ground-truth chains (generic to specific).
    public var truth: [[String]]
    /// The retrieved chain, generic to specific, consecutive duplicates removed.
    public var predicted: [String]
    /// Whether each predicted text belongs to a ground-truth chain.
    public var predictedCorrect: [Bool]

    /// Creates an example.
    public init(image: String, truth: [[String]], predicted: [String], predictedCorrect: [Bool]) {
        self.image = image
        self.truth = truth
        self.predicted = predicted
        self.predictedCorrect = predictedCorrect
    }
}
