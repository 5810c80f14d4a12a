import Foundation
import Testing
import Training

@Suite("Training configuration")
struct TrainConfigTests {
    func write(_ json: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: url)
        return url
    }

    @Test("defaults round-trip and snake_case keys read back")
    func roundTrip() throws {
        var c = TrainConfig()
        c.objective.name = "ceclip"
        c.objective.lambdaIMC = 0.3
        c.model.initFrom = "models/base"
        c.model.freeze = ["visual.*"]
        let url = try write(String(decoding: try JSONEncoder().encode(c), as: UTF8.self))
        #expect(try TrainConfig.load(url) == c)
        let partial = try write(#"{"objective": {"name": "radial", "lambda_p": 5}, "steps": 10, "model": {"init": "m"}}"#)
        let p = try TrainConfig.load(partial)
        #expect(p.objective.name == "radial" && p.objective.lambdaPullback == 5 && p.steps == 10 && p.model.initFrom == "m")
    }

    @Test("exampleString leaves out the sections only other objectives read, prints Floats short, and loads back to the same config",
          arguments: ["infonce", "ceclip", "dual", "mhcvse", "ccl"], ["json", "yaml"])
    func exampleSections(objective: String, format: String) throws {
        var c = TrainConfig()
        c.objective.name = objective
        c.model.initFrom = objective == "ccl" ? "runs/infonce/final" : nil
        c.steps = 123
        let text = try c.exampleString(format: format)
        let sections = ["text_tower": "dual", "mhcvse": "mhcvse", "ccl": "ccl"]
        for (section, owner) in sections {
            let shown = format == "json" ? text.contains("\"\(section)\" :") : text.contains("\n\(section):")
            #expect(shown == (owner == objective), "\(section) in the \(objective) example: \(shown)")
        }
        #expect(!text.contains("0000"), "numbers print as the Float, not widened to Double")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString).\(format)")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try TrainConfig.load(url) == c)
    }

    @Test("unknown keys and bad values are errors that name the key", arguments: [
        (#"{"objectve": {}}"#, "objectve"),
        (#"{"objective": {"lambda_imcc": 1}}"#, "objective.lambda_imcc"),
        (#"{"objective": {"name": "negclip"}}"#, "objective.name"),
        (#"{"schedule": {"name": "linear"}}"#, "schedule.name"),
        (#"{"batch_size": 1}"#, "batch_size"),
    ])
    func errors(_ json: String, _ key: String) throws {
        do {
            _ = try TrainConfig.load(try write(json))
            Issue.record("accepted \(json)")
        } catch {
            #expect("\(error)".contains("'\(key)'"), "message does not name \(key): \(error)")
        }
    }
}
