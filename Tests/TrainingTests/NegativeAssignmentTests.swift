import Foundation
import Testing
import Training

/// Whether WordNet is installed (`make setup`); prints why a test is skipped when not.
func wordNetInstalled(_ test: String = #function) -> Bool {
    let folder = ProcessInfo.processInfo.environment["LOUPE_WORDNET"] ?? "/usr/share/wordnet"
    if FileManager.default.fileExists(atPath: folder + "/index.noun") { return true }
    print("skipping \(test): no WordNet at \(folder) (run make setup)")
    return false
}

@Suite("Hard negatives for training: user file, manifest, generator")
struct NegativeAssignmentTests {
    func temporary(_ name: String, _ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)")
        try Data(text.utf8).write(to: url)
        return url
    }

    let examples = [
        TrainingExample(image: URL(fileURLWithPath: "/data/a.jpg"), captions: ["A man riding a horse on a beach."]),
        TrainingExample(image: URL(fileURLWithPath: "/data/b.jpg"), captions: ["A man riding a horse on a beach."]),
        TrainingExample(image: URL(fileURLWithPath: "/data/c.jpg"), captions: ["A dog."]),
        TrainingExample(
            image: URL(fileURLWithPath: "/data/d.jpg"), captions: ["A red ball"],
            negatives: ["object": "A red box", "swap_obj": "kept"]),
    ]

    @Test("a user negatives file overrides by caption, by image + caption, and can invalidate")
    func userOverrides() throws {
        let file = try temporary("negatives.jsonl", """
            {"caption": "A man riding a horse on a beach.", "negatives": {"relation": "A beach riding a horse on a man."}}
            {"caption": "A man riding a horse on a beach.", "image": "b.jpg", "negatives": {"relation": "B's own"}, "valid": {"action": false}}
            {"caption": "A red ball", "negatives": {"object": null, "attribute": "A blue ball"}}
            {"caption": "not in the manifest", "negatives": {"object": "x"}}
            """)
        var config = TrainConfig()
        config.data.negatives = file.path
        let out = try NegativeAssignment.apply(to: examples, config: config) { $0.captions[0] }
        #expect(out[0].negatives == ["relation": "A beach riding a horse on a man."])
        #expect(out[1].negatives == ["relation": "B's own"], "the image-specific record wins; action stays invalid")
        #expect(out[2].negatives.isEmpty)
        #expect(out[3].negatives == ["attribute": "A blue ball", "swap_obj": "kept"], "null invalidates object")
    }

    @Test("malformed user files name the file, line and key")
    func malformedUserFile() throws {
        for (text, needle) in [
            (#"{"negatives": {}}"#, "'caption'"), ("not json", "not a JSON object"),
            (#"{"caption": "x", "negatives": {"object": 3}}"#, "'negatives.object'"),
            (#"{"caption": "x", "valid": {"object": "no"}}"#, "'valid.object'"),
        ] {
            let file = try temporary("bad.jsonl", "\n" + text + "\n")
            var config = TrainConfig()
            config.data.negatives = file.path
            do {
                _ = try NegativeAssignment.apply(to: examples, config: config) { $0.captions[0] }
                Issue.record("accepted \(text)")
            } catch {
                #expect("\(error)".contains("\(file.path):2") && "\(error)".contains(needle), "\(error)")
            }
        }
    }

    @Test("generate_negatives fills only examples without negatives, and the user file still wins")
    func generated() throws {
        guard wordNetInstalled() else { return }
        var config = TrainConfig()
        config.objective.name = "ceclip"
        config.objective.generateNegatives = true
        let out = try NegativeAssignment.apply(to: examples, config: config) { $0.captions[0] }
        #expect(out[0].negatives["relation"] == "A horse riding a man on a beach.")
        #expect(out[0].negatives["object"] != nil && out[0].negatives["action"] != nil)
        #expect(out[0].negatives == out[1].negatives, "same caption and seed, same negatives")
        #expect(out[2].negatives["relation"] == nil && out[2].negatives["action"] == nil, "invalid stays absent")
        #expect(out[3].negatives == examples[3].negatives, "manifest negatives are kept as written")
        let file = try temporary("negatives.jsonl", #"{"caption": "A dog.", "negatives": {"object": "A cat."}}"#)
        config.data.negatives = file.path
        let overridden = try NegativeAssignment.apply(to: examples, config: config) { $0.captions[0] }
        #expect(overridden[2].negatives["object"] == "A cat.")
        config.data.negatives = nil
        config.seed = 99
        let reseeded = try NegativeAssignment.apply(to: examples, config: config) { $0.captions[0] }
        #expect(reseeded[0].negatives["relation"] == out[0].negatives["relation"], "the relation swap is not random")
    }
}
