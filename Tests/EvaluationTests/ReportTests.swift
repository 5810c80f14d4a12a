import Foundation
import Testing

@testable import Evaluation

@Suite("Reports and comparison")
struct ReportTests {
    /// A SugarCrepe-like result where case `i` of each subset is right per `correct(i)`.
    private func result(model: String, n: Int = 40, correct: (String, Int) -> Bool) -> EvalResult {
        var cases: [CaseRecord] = []
        for subset in ["replace_obj", "swap_att"] {
            for i in 0 ..< n {
                cases.append(
                    CaseRecord(
                        id: "\(subset)/\(i)", group: subset,
                        values: ["correct": correct(subset, i) ? 1 : 0, "margin": 0.1]))
            }
        }
        var skips = SkipLedger()
        skips.skip("add_att/0", reason: "image file not found")
        return EvalResult(
            suite: "sugarcrepe", model: model, evaluated: cases.count, skips: skips,
            specs: SugarCrepeSuite.specs, cases: cases, notes: ["a note"])
    }

    @Test("a result survives the JSON report round trip, alone or in an array")
    func jsonRoundTrip() throws {
        let folder = try TemporaryDirectory()
        let original = result(model: "sha256:" + String(repeating: "ab", count: 32)) { _, i in
            i % 3 == 0
        }
        let single = folder.url.appendingPathComponent("one.json")
        try original.encodedJSON().write(to: single)
        #expect(try EvalResult.load(from: single) == [original])
        let files = try ReportWriter(results: [original, original]).write(to: folder.url)
        #expect(files.map(\.lastPathComponent) == ["report.json", "report.md", "report.html"])
        #expect(try EvalResult.load(from: files[0]) == [original, original])
        let bad = try folder.write("bad.json", "{\"suite\": 1}")
        #expect(throws: EvaluationError.self) { try EvalResult.load(from: bad) }
    }

    @Test("Markdown has per-section tables with models as columns, skips and notes")
    func markdown() {
        let a = result(model: "model-a") { _, i in i % 2 == 0 }
        let b = result(model: "model-b") { _, _ in true }
        let text = ReportWriter(results: [a, b]).markdown()
        #expect(text.contains("## sugarcrepe"))
        #expect(text.contains("| model-a | 80 | 1 | image file not found (1) |"))
        #expect(text.contains("### Subsets\n\n| metric | model-a | model-b |"))
        #expect(text.contains("| replace_obj (%) | 50.00 | 100.00 |"))
        #expect(text.contains("### Averages"))
        #expect(text.contains("- model-a: a note"))
    }

    @Test("HTML is self-contained: inline SVG charts, thumbnails as data URIs, no external refs")
    func html() throws {
        let folder = try TemporaryDirectory()
        let thumbnail = try folder.image("thumb.jpg", bytes: "JPEGDATA")
        var hierarcaps = EvalResult(
            suite: "hierarcaps", model: "m", evaluated: 1, skips: SkipLedger(),
            specs: HierarCapsMetrics.specs,
            cases: [
                CaseRecord(
                    id: "chain/0", group: "chain",
                    values: [
                        "tau": 1, "radius_1": 0.5, "radius_2": 0.6,
                        "radius_3": 0.7, "radius_4": 0.8,
                    ])
            ],
            extras: EvalExtras(chains: [
                ChainExample(
                    image: thumbnail.path, truth: [["a", "b", "c", "d"]], predicted: ["a", "x"],
                    predictedCorrect: [true, false])
            ]))
        hierarcaps.notes.append("<script>")
        let retrieval = EvalResult(
            suite: "retrieval", model: "m", evaluated: 2, skips: SkipLedger(),
            specs: RetrievalMetrics.specs(),
            cases: [
                CaseRecord(id: "i0", group: "i2t", values: ["rank": 1]),
                CaseRecord(id: "i1", group: "i2t", values: ["rank": 7]),
                CaseRecord(id: "c0", group: "t2i", values: ["rank": 2]),
            ])
        let page = ReportWriter(
            results: [result(model: "m") { _, _ in true }, hierarcaps, retrieval]
        ).html()
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(
            page.components(separatedBy: "<svg").count - 1 == 4,
            "bars ×2, box plot, recall curves")
        #expect(page.contains("Recall@K") && page.contains("radius"))
        #expect(
            page.contains(
                "src=\"data:image/jpeg;base64,\(Data("JPEGDATA".utf8).base64EncodedString())\""))
        #expect(!page.contains("<script") && page.contains("&lt;script&gt;"))
        #expect(!page.contains("src=\"http") && !page.contains("href=") && !page.contains("<link"))
    }

    @Test("comparing a result with itself gives zero differences and a [0, 0] interval")
    func selfComparison() throws {
        let a = result(model: "a") { _, i in i % 3 != 0 }
        let comparison = try PairedBootstrap.compare(a, a, resamples: 200, seed: 1)
        #expect(comparison.pairedCases == 80)
        for row in comparison.rows {
            #expect(row.difference == 0 && row.lower == 0 && row.upper == 0, "\(row.metric)")
        }
    }

    @Test("bootstrap interval matches the normal approximation for a mean difference, by seed")
    func bootstrapInterval() throws {
        let n = 400
        var random = TestRandom(seed: 99)
        let aRight = (0 ..< n).map { _ in random.uniform() < 0.6 }
        let bRight = aRight.map { right in right ? random.uniform() < 0.9 : random.uniform() < 0.4 }
        let a = result(model: "a", n: n) { subset, i in subset == "replace_obj" ? aRight[i] : true }
        let b = result(model: "b", n: n) { subset, i in subset == "replace_obj" ? bRight[i] : true }
        let comparison = try PairedBootstrap.compare(a, b, resamples: 2000, seed: 7)
        let row = try #require(comparison.rows.first { $0.metric == "replace_obj" })
        let d = zip(aRight, bRight).map { Double($1 ? 1 : 0) - Double($0 ? 1 : 0) }
        let mean = d.reduce(0, +) / Double(n)
        let sd = (d.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)).squareRoot()
        let half = 1.96 * sd / Double(n).squareRoot()
        #expect(abs(row.difference! - mean) < 1e-12)
        #expect(abs(row.lower! - (mean - half)) < 0.2 * half)
        #expect(abs(row.upper! - (mean + half)) < 0.2 * half)
        let swap = try #require(comparison.rows.first { $0.metric == "swap_att" })
        #expect(swap.lower == 0 && swap.upper == 0)
        let again = try PairedBootstrap.compare(a, b, resamples: 2000, seed: 7)
        #expect(again == comparison)
        let otherSeed = try PairedBootstrap.compare(a, b, resamples: 2000, seed: 8)
        #expect(otherSeed.rows.first { $0.metric == "replace_obj" }?.lower != row.lower)
    }

    @Test("compare pairs only shared case ids, matches suites, and rejects duplicates")
    func comparePairing() throws {
        let a = result(model: "a") { _, _ in true }
        var b = result(model: "b") { _, _ in false }
        b.cases.removeLast(10)
        let comparisons = try ReportWriter.compare([a], [b], resamples: 50)
        #expect(comparisons.count == 1 && comparisons[0].pairedCases == 70)
        let markdown = ReportWriter.markdown(comparisons[0])
        #expect(
            markdown.contains("| replace_obj (%) | 100.00 | 0.00 | -100.00 | [-100.00, -100.00] |"))
        var duplicated = a
        duplicated.cases.append(a.cases[0])
        #expect(throws: EvaluationError.self) { try PairedBootstrap.compare(duplicated, b) }
        let other = EvalResult(
            suite: "valse", model: "c", evaluated: 0, skips: SkipLedger(),
            specs: [], cases: [])
        #expect(throws: EvaluationError.self) { try ReportWriter.compare([a], [other]) }
    }
}
