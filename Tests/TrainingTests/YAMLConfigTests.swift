import Foundation
import Testing
import Training

@Suite("YAML training configuration")
struct YAMLConfigTests {
    func write(_ text: String, ext: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString).\(ext)")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("a YAML config reads to the same TrainConfig as the equivalent JSON")
    func sameAsJSON() throws {
        let json = #"""
            {"objective": {"name": "ceclip", "lambda_imc": 0.3, "generate_negatives": true,
                           "negative_types": ["relation", "object"]},
             "optimizer": {"lr": 5e-6, "betas": [0.9, 0.98], "grad_clip": null},
             "data": {"train": "coco.jsonl", "negatives": "mine.jsonl", "random_resized_crop": [0.5, 1.0]},
             "model": {"init": "models/base", "freeze": ["visual.*"]},
             "steps": 10, "seed": 7}
            """#
        let yaml = """
            # CE-CLIP fine-tune
            objective:
              name: ceclip
              lambda_imc: 0.3
              generate_negatives: true
              negative_types: [relation, object]
            optimizer:
              lr: 5.0e-6
              betas: [0.9, 0.98]
              grad_clip: null
            data:
              train: coco.jsonl
              negatives: mine.jsonl
              random_resized_crop:
                - 0.5
                - 1.0
            model:
              init: models/base
              freeze: ["visual.*"]
            steps: 10
            seed: 7
            """
        let fromJSON = try TrainConfig.load(try write(json, ext: "json"))
        let fromYAML = try TrainConfig.load(try write(yaml, ext: "yaml"))
        #expect(fromYAML == fromJSON)
        #expect(fromYAML.objective.generateNegatives && fromYAML.data.negatives == "mine.jsonl")
        #expect(fromYAML.optimizer.gradClip == nil && fromYAML.optimizer.lr == 5e-6 && fromYAML.seed == 7)
        #expect(fromYAML.batchSize == TrainConfig().batchSize, "omitted keys keep their defaults")
    }

    @Test("the YAML a config prints reads back to the same config, also as .yml")
    func roundTrip() throws {
        var c = TrainConfig()
        c.objective.name = "ceclip"
        c.objective.negativeTypes = ["swap_obj", "replace_att"]
        c.optimizer.lr = 1e-4
        c.optimizer.weightDecay = 0.1
        c.schedule.gamma = 0.5
        c.data.eval = "test.jsonl"
        c.data.negatives = "negatives.jsonl"
        c.model.initFrom = "runs/infonce/final"
        let text = try c.yamlString()
        #expect(text.contains("objective:") && text.contains("negative_types:"))
        #expect(try TrainConfig.load(try write(text, ext: "yaml")) == c)
        #expect(try TrainConfig.load(try write(text, ext: "yml")) == c)
    }

    @Test("unknown YAML keys and bad values are errors that name the key, as in JSON", arguments: [
        ("objectve: {}", "objectve"),
        ("objective:\n  lambda_imcc: 1", "objective.lambda_imcc"),
        ("data:\n  negatives_file: x.jsonl", "data.negatives_file"),
        ("objective:\n  name: negclip", "objective.name"),
        ("batch_size: 1", "batch_size"),
    ])
    func errors(_ yaml: String, _ key: String) throws {
        do {
            _ = try TrainConfig.load(try write(yaml, ext: "yaml"))
            Issue.record("accepted \(yaml)")
        } catch {
            #expect("\(error)".contains("'\(key)'"), "message does not name \(key): \(error)")
        }
    }

    @Test("malformed YAML and a non-mapping document name the file")
    func malformed() throws {
        for text in ["objective: [unclosed", "- just\n- a list"] {
            let url = try write(text, ext: "yaml")
            do {
                _ = try TrainConfig.load(url)
                Issue.record("accepted \(text)")
            } catch {
                #expect("\(error)".contains(url.path), "\(error)")
            }
        }
    }
}
