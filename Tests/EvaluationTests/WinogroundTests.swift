import Foundation
import Testing

@testable import Evaluation

@Suite("Winoground")
struct WinogroundTests {
    @Test("text, image and group outcomes follow the definitions; ties fail")
    func outcomes() {
        // s[caption][image]
        let both = WinogroundMetrics.outcome([[0.9, 0.1], [0.2, 0.8]])
        #expect(both.text && both.image && both.group)
        // Each image prefers its caption (text), but caption 0 prefers image 1 (image fails).
        let textOnly = WinogroundMetrics.outcome([[0.5, 0.6], [0.4, 0.7]])
        #expect(textOnly.text && !textOnly.image && !textOnly.group)
        let tie = WinogroundMetrics.outcome([[0.5, 0.5], [0.5, 0.5]])
        #expect(!tie.text && !tie.image)
    }

    @Test("precomputed embeddings use row 2*id+j and per-tag metrics")
    func precomputedLayout() throws {
        let examples = [
            WinogroundExample(id: 0, captions: ["a", "b"], images: ["x", "y"], tag: "Object"),
            WinogroundExample(id: 1, captions: ["c", "d"], images: ["z", "w"], tag: "Relation"),
        ]
        // Example 0 fully correct (image j ≈ caption j); example 1 swapped captions.
        let images = EmbeddingMatrix([axis(0, 4), axis(1, 4), axis(2, 4), axis(3, 4)])
        let captions = EmbeddingMatrix([axis(0, 4), axis(1, 4), axis(3, 4), axis(2, 4)])
        let suite = WinogroundSuite(examples: examples, images: [])
        let result = try suite.evaluate(images: images, captions: captions, model: "m")
        #expect(result.metrics["text"] == 0.5)
        #expect(result.metrics["image"] == 0.5)
        #expect(result.metrics["group"] == 0.5)
        #expect(result.metrics["group_object"] == 1)
        #expect(result.metrics["group_relation"] == 0)
        #expect(throws: EvaluationError.self) {
            try suite.evaluate(
                images: images.selecting(rows: [0, 1]), captions: captions, model: "m")
        }
    }

    @Test("the real ViT-B-32 embeddings reproduce the published 0.3475 / 0.11 / 0.075")
    func realEmbeddings() throws {
        guard let data = TestPaths.sharedDataOrSkip("Winoground real embeddings") else { return }
        let folder = data.appendingPathComponent("winoground")
        let arrays = try TestNpz.read(folder.appendingPathComponent("winoground_real_vitb32.npz"))
        let img = try #require(arrays["img"])
        let cap = try #require(arrays["cap"])
        let examples = try WinogroundData.load(folder.appendingPathComponent("winoground_meta.csv"))
        #expect(examples.count == 400)
        let suite = WinogroundSuite(examples: examples, images: [])
        let result = try suite.evaluate(
            images: EmbeddingMatrix(
                rows: img.shape[0], columns: img.shape[1],
                values: img.values.map(Float.init)),
            captions: EmbeddingMatrix(
                rows: cap.shape[0], columns: cap.shape[1],
                values: cap.values.map(Float.init)),
            model: "open_clip ViT-B-32 laion2b_s34b_b79k")
        // Expected numbers come from the reference run's scores.json, not from this code.
        let scoresData = try Data(contentsOf: folder.appendingPathComponent("scores.json"))
        let scores = try #require(
            (try JSONSerialization.jsonObject(with: scoresData) as? [String: Any])?["scores"]
                as? [String: Any])
        #expect(result.metrics["text"] == scores["text_score"] as? Double)
        #expect(result.metrics["image"] == scores["image_score"] as? Double)
        #expect(result.metrics["group"] == scores["group_score"] as? Double)
        // And per example, against per_example.csv.
        let table = try CSVTable(contentsOf: folder.appendingPathComponent("per_example.csv"))
        let id = try table.column("id")
        let mismatches = try table.records.filter { record in
            let case_ = try #require(result.cases.first { $0.id == "example/\(record.fields[id])" })
            return try ["text", "image", "group"].contains { field in
                Double(record.fields[try table.column(field)]) != case_.values[field]
            }
        }
        #expect(mismatches.isEmpty)
    }
}
