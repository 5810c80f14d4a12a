import Foundation
import Testing

@testable import Evaluation

/// HierarCaps metrics on hand-made chains whose answers are worked out by hand.
@Suite("HierarCaps on hand-made chains")
struct HierarCapsTests {
    @Test("τ is +1 for radii growing with depth, −1 reversed, 0 for a balanced order")
    func kendallExtremes() {
        #expect(HierarCapsMetrics.kendallTauAgainstDepth([0.1, 0.2, 0.3, 0.4]) == 1)
        #expect(HierarCapsMetrics.kendallTauAgainstDepth([0.4, 0.3, 0.2, 0.1]) == -1)
        // Order by radius: levels 1,0,3,2 → concordant 4 (of 6), discordant 2 → 1/3.
        #expect(
            abs(HierarCapsMetrics.kendallTauAgainstDepth([0.2, 0.1, 0.4, 0.3]) - 1.0 / 3) < 1e-15)
    }

    @Test("R_o: longest increasing run of matched levels over 4")
    func orderAwareRecall() {
        let truth = [["a", "b", "c", "d"]]
        #expect(
            HierarCapsMetrics.orderAwareRecall(predicted: ["a", "b", "c", "d"], truth: truth) == 1)
        #expect(
            HierarCapsMetrics.orderAwareRecall(predicted: ["x", "b", "y", "d"], truth: truth) == 0.5
        )
        #expect(HierarCapsMetrics.orderAwareRecall(predicted: ["d", "c"], truth: truth) == 0.25)
        #expect(HierarCapsMetrics.orderAwareRecall(predicted: ["x"], truth: truth) == 0)
        #expect(
            HierarCapsMetrics.orderAwareRecall(predicted: ["c", "a", "b", "d"], truth: truth)
                == 0.75)
    }

    @Test("retrieval walks thresholds generic → specific and scores against the truth")
    func retrieval() {
        // Candidates 0-3: the image's chain (radii 1…4); 4-5: distractors.
        let texts = ["animal", "dog", "dog on grass", "a brown dog on green grass", "cat", "car"]
        let radii: [Double] = [1, 2, 3, 4, 2.5, 0.5]
        // Similarity to the image grows along the chain; the cat (radius 2.5) beats the dog
        // (0.65 > 0.6); the car is the most generic text and alone under the first threshold.
        let scores: [Float] = [0.5, 0.6, 0.7, 0.8, 0.65, 0.1]
        let order = radii.indices.sorted { (radii[$0], $0) < (radii[$1], $1) }
        let thresholds = HierarCapsMetrics.thresholds(radii: radii, steps: 8)  // 0.5, 1.0, …, 4
        let outcome = HierarCapsMetrics.retrieve(
            scores: scores, radii: radii, orderByRadius: order, thresholds: thresholds,
            texts: texts, truth: [Array(texts[0 ..< 4])])
        // ≤0.5: car; ≤1: animal; ≤1.5: animal; ≤2: dog; ≤2.5: cat (0.65 > 0.6);
        // ≤3: dog on grass;
        // ≤3.5: same; ≤4: the full caption.
        #expect(outcome.predicted == [5, 0, 1, 4, 2, 3])
        #expect(outcome.precision == 4.0 / 6)
        #expect(outcome.recall == 1)
        // Non-matching predictions (car, cat) are dropped first: levels 0,1,2,3 increase → 4/4.
        #expect(outcome.recallOrder == 1)
        let reversed = HierarCapsMetrics.retrieve(
            scores: [0.8, 0.7, 0.6, 0.5, 0.65, 0.1], radii: radii, orderByRadius: order,
            thresholds: thresholds, texts: texts, truth: [Array(texts[0 ..< 4])])
        // Similarity now falls along the chain: car, then animal for every later threshold.
        #expect(reversed.predicted == [5, 0])
        #expect(reversed.precision == 0.5)
        #expect(reversed.recall == 0.25)
        #expect(reversed.recallOrder == 0.25)
    }

    @Test("suite: several chains per image, a missing image, radii per level in the records")
    func suite() throws {
        let folder = try TemporaryDirectory()
        try folder.write(
            "hc.csv",
            """
            id,captions,image_url
            0,animal => dog => dog on grass => a dog on grass,http://x/COCO_val2014_000000000001.jpg
            1,pet => dog => brown dog => a brown dog,http://x/COCO_val2014_000000000001.jpg
            2,vehicle => car => red car => a red car parked,http://x/COCO_val2014_000000000002.jpg
            """)
        try folder.image("imgs/COCO_val2014_000000000001.jpg")
        let dimension = 4
        var texts: [String: [Float]] = ["": [1, 0, 0, 0]]
        let chains = [
            ["animal", "dog", "dog on grass", "a dog on grass"],
            ["pet", "dog", "brown dog", "a brown dog"],
            ["vehicle", "car", "red car", "a red car parked"],
        ]
        for chain in chains {
            for (level, text) in chain.enumerated() {
                // Radius grows with level: move away from the root along axis 1.
                let t = Float(level + 1) * 0.3
                // The car chain points away from the image (−sin), at the same radii.
                texts[text] = [cos(t), text.contains("car") ? -sin(t) : sin(t), 0, 0]
            }
        }
        let embedder = FakeEmbedder(
            dimension: dimension, texts: texts,
            images: ["COCO_val2014_000000000001.jpg": [0.2, 1, 0, 0]])
        let suite = try HierarCapsSuite(
            data: folder.url.appendingPathComponent("hc.csv"),
            images: [folder.url.appendingPathComponent("imgs")])
        let result = try suite.run(embedder: embedder, context: EvalContext())
        #expect(result.evaluated == 1)
        #expect(result.skipReasons == ["image file not found": 1])
        #expect(result.metrics["tau_d"] == 1)
        #expect(result.cases.filter { $0.group == "chain" }.count == 3)
        #expect(result.cases.first { $0.group == "chain" }?.values["radius_4"] != nil)
        let image = try #require(result.cases.first { $0.group == "image" })
        #expect(image.values["precision"] == 1, "every retrieved text belongs to image 1's chains")
        #expect(result.extras.chains.count == 1)
    }
}
