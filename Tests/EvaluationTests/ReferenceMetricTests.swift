import Foundation
import Testing

@testable import Evaluation

/// Metrics against reference-library outputs produced by
/// `Tools/fixtures/make_evaluation_fixtures.py`.
@Suite("Reference metrics")
struct ReferenceMetricTests {
    @Test("the 80 ImageNet templates equal open_clip's")
    func templates() throws {
        let fixture = try loadFixture("templates.json")
        #expect(PromptTemplates.openAIImageNet == fixture["openai_imagenet"] as? [String])
    }

    @Test("zero-shot classifier, acc1/acc5 and mean per-class recall match CLIP_benchmark")
    func zeroShot() throws {
        let fixture = try loadFixture("zeroshot.json")
        let classes = try #require(fixture["classes"] as? Int)
        let dim = try #require(fixture["dim"] as? Int)
        let labels = try #require(fixture["labels"] as? [Int])
        let templateVectors = try floats(fixture["templates"])
        let weights = ZeroShotClassifier.weights(
            templateEmbeddings: EmbeddingMatrix(
                rows: templateVectors.count / dim, columns: dim, values: templateVectors),
            classCount: classes)
        let expected = try floats(fixture["weights"])
        #expect(zip(weights.values, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        let images = EmbeddingMatrix(
            rows: labels.count, columns: dim, values: try floats(fixture["images"])
        ).l2Normalized()
        let ranks = RetrievalRanking.ranks(
            queries: images, gallery: weights, positives: labels.map { [$0] })
        let records = zip(labels, ranks).enumerated().map { index, entry in
            CaseRecord(
                id: "\(index)", group: "image", label: "class\(entry.0)",
                values: ["rank": Double(entry.1), "hit1": entry.1 == 1 ? 1 : 0])
        }
        let result = EvalResult(
            suite: "zeroshot", model: "m", evaluated: records.count, skips: SkipLedger(),
            specs: ZeroShotClassifier.specs, cases: records)
        for name in ["acc1", "acc5", "mean_per_class_recall"] {
            let reference = try #require(fixture[name] as? Double)
            #expect(abs(result.metrics[name]! - reference) < 1e-6, "\(name)")
        }
    }

    @Test("Kendall τ against depth matches scipy.stats.kendalltau on argsort(radii)")
    func kendall() throws {
        let fixture = try loadFixture("kendall.json")
        let radii = try #require(fixture["radii"] as? [[Double]])
        let taus = try #require(fixture["tau"] as? [Double])
        for (r, tau) in zip(radii, taus) {
            #expect(abs(HierarCapsMetrics.kendallTauAgainstDepth(r) - tau) < 1e-12)
        }
    }

    @Test("HierarCaps τ_d, precision, recall and R_o match the reference evaluator")
    func hierarCaps() throws {
        let fixture = try loadFixture("hierarcaps.json")
        let dim = try #require(fixture["dim"] as? Int)
        let steps = try #require(fixture["steps"] as? Int)
        let texts = try #require(fixture["texts"] as? [[String]])
        let imageOfRow = try #require(fixture["image_of_row"] as? [Int])
        let textVectors = EmbeddingMatrix(
            rows: texts.count * 4, columns: dim, values: try floats(fixture["text_embeddings"]))
        let root = try floats(fixture["root"])
        let imageValues = try floats(fixture["image_embeddings"])
        let images = EmbeddingMatrix(
            rows: imageValues.count / dim, columns: dim, values: imageValues)
        let radii = (0 ..< textVectors.rows).map { c in
            (0 ..< dim).reduce(0.0) { total, d in
                let delta = Double(textVectors.values[c * dim + d]) - Double(root[d])
                return total + delta * delta
            }.squareRoot()
        }
        let taus = texts.indices.map {
            HierarCapsMetrics.kendallTauAgainstDepth(Array(radii[($0 * 4) ..< ($0 * 4 + 4)]))
        }
        let dCorr = try #require(fixture["d_corr"] as? Double)
        #expect(abs(taus.reduce(0, +) / Double(taus.count) - dCorr) < 1e-12)
        let flatTexts = texts.flatMap { $0 }
        let thresholds = HierarCapsMetrics.thresholds(radii: radii, steps: steps)
        let order = radii.indices.sorted { (radii[$0], $0) < (radii[$1], $1) }
        let predictions = try #require(fixture["predictions"] as? [[String]])
        let precision = try #require(fixture["per_image_precision"] as? [Double])
        let recall = try #require(fixture["per_image_recall"] as? [Double])
        let ro = try #require(fixture["per_image_ro"] as? [Double])
        for i in 0 ..< images.rows {
            let truth = imageOfRow.indices.filter { imageOfRow[$0] == i }.map { texts[$0] }
            let outcome = HierarCapsMetrics.retrieve(
                scores: images.dotProducts(rows: i ..< (i + 1), with: textVectors), radii: radii,
                orderByRadius: order, thresholds: thresholds, texts: flatTexts, truth: truth)
            #expect(outcome.predicted.map { flatTexts[$0] } == predictions[i], "image \(i)")
            #expect(abs(outcome.precision - precision[i]) < 1e-12)
            #expect(abs(outcome.recall - recall[i]) < 1e-12)
            #expect(abs(outcome.recallOrder - ro[i]) < 1e-12)
        }
    }

    @Test("category MAP with z-normalisation matches CCL's fx_calc_map_label")
    func categoryMAP() throws {
        let fixture = try loadFixture("category_map.json")
        let dim = try #require(fixture["dim"] as? Int)
        let labels = try #require(fixture["labels"] as? [Int])
        let images = CategoryMAP.zNormalized(
            EmbeddingMatrix(
                rows: labels.count, columns: dim, values: try floats(fixture["images"])))
        let texts = CategoryMAP.zNormalized(
            EmbeddingMatrix(
                rows: labels.count, columns: dim, values: try floats(fixture["texts"])))
        let i2t = CategoryMAP.averagePrecisions(
            queries: images, queryLabels: labels, gallery: texts, galleryLabels: labels)
        let t2i = CategoryMAP.averagePrecisions(
            queries: texts, queryLabels: labels, gallery: images, galleryLabels: labels)
        let expectedI2T = try #require(fixture["ap_i2t"] as? [Double])
        let expectedT2I = try #require(fixture["ap_t2i"] as? [Double])
        for (a, b) in zip(i2t, expectedI2T) { #expect(abs(a - b) < 1e-9) }
        for (a, b) in zip(t2i, expectedT2I) { #expect(abs(a - b) < 1e-9) }
    }
}

@Suite("Category MAP oracle")
struct CategoryMAPOracleTests {
    @Test("average precision equals a sort-based oracle on tied similarities")
    func oracle() {
        var random = TestRandom(seed: 21)
        // Signed axis vectors (or zero): normalisation and cosines are exact, so equal
        // similarities really tie and the index tie-break is what is tested.
        func axes(_ rows: Int) -> EmbeddingMatrix {
            EmbeddingMatrix(
                (0 ..< rows).map { _ in
                    let k = random.int(7)
                    return k == 6 ? [0, 0, 0] : axis(k % 3, 3, scale: k < 3 ? 1 : -2)
                })
        }
        let queries = axes(15)
        let gallery = axes(18)
        let queryLabels = (0 ..< 15).map { _ in random.int(3) }
        let galleryLabels = (0 ..< 18).map { _ in random.int(3) }
        let aps = CategoryMAP.averagePrecisions(
            queries: queries, queryLabels: queryLabels, gallery: gallery,
            galleryLabels: galleryLabels)
        let q = queries.l2Normalized()
        let g = gallery.l2Normalized()
        for i in 0 ..< 15 {
            // Oracle: cosine descending, ties by gallery index; zero vectors last.
            let zeroQuery = queries.row(i).allSatisfy { $0 == 0 }
            let order = (0 ..< 18).sorted { a, b in
                let za = zeroQuery || gallery.row(a).allSatisfy { $0 == 0 }
                let zb = zeroQuery || gallery.row(b).allSatisfy { $0 == 0 }
                let sa = za ? -10 : q.dot(i, g, a)
                let sb = zb ? -10 : q.dot(i, g, b)
                return sa != sb ? sa > sb : a < b
            }
            var hits = 0.0
            var total = 0.0
            for (position, j) in order.enumerated() where galleryLabels[j] == queryLabels[i] {
                hits += 1
                total += hits / Double(position + 1)
            }
            #expect(abs(aps[i] - (hits > 0 ? total / hits : 0)) < 1e-12, "query \(i)")
        }
    }
}
