import Foundation
import Testing

@testable import Evaluation

@Suite("Metric recipes")
struct MetricRecipeTests {
    private func records(_ values: [(String, String?, Double)]) -> [CaseRecord] {
        values.enumerated().map { index, entry in
            CaseRecord(id: "\(index)", group: entry.0, label: entry.1, values: ["x": entry.2])
        }
    }

    @Test("mean, fraction-at-most and median follow their definitions, per group")
    func simpleRecipes() {
        let cases = records([
            ("a", nil, 1), ("a", nil, 4), ("a", nil, 2), ("a", nil, 10), ("b", nil, 3),
        ])
        var table = CaseTable(cases)
        let metrics = table.evaluate([
            MetricSpec("mean_a", .mean(field: "x", group: "a"), section: "s"),
            MetricSpec("le2", .fractionAtMost(field: "x", limit: 2, group: "a"), section: "s"),
            MetricSpec("median_a", .medianFloor(field: "x", group: "a"), section: "s"),
            MetricSpec("median_all", .medianFloor(field: "x"), section: "s"),
            MetricSpec("missing", .mean(field: "y"), section: "s"),
        ])
        #expect(metrics["mean_a"] == 17.0 / 4)
        #expect(metrics["le2"] == 0.5)
        #expect(metrics["median_a"] == 3)  // median of 1, 2, 4, 10 is 3
        #expect(metrics["median_all"] == 3)  // median of 1, 2, 3, 4, 10
        #expect(metrics["missing"] == nil)
    }

    @Test("macro mean drops excluded labels and labels under the minimum count")
    func macroMean() {
        var cases: [(String, String?, Double)] = []
        cases += Array(repeating: ("g", "on", 1.0), count: 3) + [("g", "on", 0)]  // 0.75
        cases += [("g", "near", 0), ("g", "near", 0)]  // excluded
        cases += [("g", "under", 1), ("g", "under", 0)]  // 0.5
        cases += [("g", "rare", 1)]  // below minCount 2
        var table = CaseTable(records(cases))
        let metrics = table.evaluate([
            MetricSpec(
                "macro",
                .macroMean(
                    field: "x", group: "g", minCount: 2,
                    excludedLabels: ["near"]), section: "s"),
            MetricSpec("micro", .mean(field: "x", group: "g"), section: "s"),
        ])
        #expect(metrics["macro"] == (0.75 + 0.5) / 2)
        #expect(metrics["micro"] == 5.0 / 9)
    }

    @Test("sum needs every part, average uses the parts present")
    func combinations() {
        var table = CaseTable(records([("a", nil, 0.5), ("b", nil, 0.25)]))
        let metrics = table.evaluate([
            MetricSpec("a", .mean(field: "x", group: "a"), section: "s"),
            MetricSpec("b", .mean(field: "x", group: "b"), section: "s"),
            MetricSpec("sum", .sum(metrics: ["a", "b"], scale: 100), section: "s"),
            MetricSpec("sum_missing", .sum(metrics: ["a", "c"]), section: "s"),
            MetricSpec("avg", .average(metrics: ["a", "b", "c"]), section: "s"),
        ])
        #expect(metrics["sum"] == 75)
        #expect(metrics["sum_missing"] == nil)
        #expect(metrics["avg"] == 0.375)
    }

    @Test("weights act exactly like repeated cases")
    func weightsEqualRepetition() {
        var random = TestRandom(seed: 3)
        let base = (0 ..< 25).map { i in
            CaseRecord(
                id: "\(i)", group: i % 2 == 0 ? "p" : "q", label: ["x", "y", "z"][i % 3],
                values: ["v": Double(random.int(7))])
        }
        let weights = base.map { _ in random.int(4) }
        var repeated: [CaseRecord] = []
        for (record, w) in zip(base, weights) { repeated += Array(repeating: record, count: w) }
        let specs = [
            MetricSpec("m", .mean(field: "v", group: "p"), section: "s"),
            MetricSpec("f", .fractionAtMost(field: "v", limit: 3), section: "s"),
            MetricSpec("med", .medianFloor(field: "v", group: "q"), section: "s"),
            MetricSpec("macro", .macroMean(field: "v", minCount: 3), section: "s"),
        ]
        var weighted = CaseTable(base)
        var plain = CaseTable(repeated)
        let a = weighted.evaluate(specs, weights: weights)
        let b = plain.evaluate(specs)
        for spec in specs {
            #expect(a[spec.name] != nil)
            #expect(abs(a[spec.name]! - b[spec.name]!) < 1e-12, "\(spec.name)")
        }
    }

    @Test("an average over missing parts leaves a note naming them")
    func partialAverageNote() {
        let result = EvalResult(
            suite: "s", model: "m", evaluated: 1, skips: SkipLedger(),
            specs: [
                MetricSpec("a", .mean(field: "x", group: "a"), section: "s"),
                MetricSpec("avg", .average(metrics: ["a", "b"]), section: "s"),
            ],
            cases: records([("a", nil, 1)]))
        #expect(result.metrics["avg"] == 1)
        #expect(result.notes.contains { $0.contains("avg averages 1 of 2") && $0.contains("b") })
    }
}
