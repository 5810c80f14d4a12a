import Foundation
import Testing

@Suite("loupe negatives")
struct NegativesCommandTests {
    func wordNetInstalled() -> Bool {
        let folder = ProcessInfo.processInfo.environment["LOUPE_WORDNET"] ?? "/usr/share/wordnet"
        if FileManager.default.fileExists(atPath: folder + "/index.noun") { return true }
        print("SKIP loupe negatives: no WordNet at \(folder) (run make setup)")
        return false
    }

    func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-neg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("JSONL in, records with negatives and validity out, summary table and JSON")
    func jsonl() throws {
        guard wordNetInstalled() else { return }
        let dir = try folder()
        let input = dir.appendingPathComponent("captions.jsonl")
        try Data("""
            {"image": "a.jpg", "caption": "A man riding a horse on a beach.", "id": 7}
            {"image": "b.jpg", "caption": "A dog."}

            """.utf8).write(to: input)
        let output = dir.appendingPathComponent("negatives.jsonl")
        let r = try CLIRunner.run(["negatives", "--in", input.path, "--out", output.path, "--seed", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("relation") && r.stdout.contains("2 captions"), "\(r.stdout)")
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["id"] as? Int == 7 && first["image"] as? String == "a.jpg", "other keys are kept")
        let negatives = try #require(first["negatives"] as? [String: Any])
        #expect(negatives["relation"] as? String == "A horse riding a man on a beach.")
        let valid = try #require(first["valid"] as? [String: Bool])
        #expect(valid == ["relation": true, "attribute": false, "object": true, "action": true])
        #expect(negatives["attribute"] is NSNull)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect((second["valid"] as? [String: Bool])?["relation"] == false)

        // The same seed writes the same file; --json gives the counts.
        let again = dir.appendingPathComponent("again.jsonl")
        let j = try CLIRunner.run(["negatives", "--in", input.path, "--out", again.path, "--seed", "3", "--json"])
        #expect(j.status == 0)
        #expect(try Data(contentsOf: again) == Data(contentsOf: output))
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        #expect(summary["captions"] as? Int == 2)
        let types = try #require(summary["types"] as? [String: [String: Int]])
        #expect(types["relation"] == ["valid": 1, "invalid": 1] && types["object"] == ["valid": 2, "invalid": 0])
    }

    @Test("a bad line or type is an error naming the file and line, exit status non-zero")
    func badInput() throws {
        guard wordNetInstalled() else { return }
        let dir = try folder()
        let input = dir.appendingPathComponent("captions.jsonl")
        try Data("{\"caption\": \"A dog.\"}\n{\"text\": \"no caption\"}\n".utf8).write(to: input)
        let r = try CLIRunner.run(["negatives", "--in", input.path, "--out", dir.appendingPathComponent("o.jsonl").path])
        #expect(r.status != 0 && r.stderr.contains("\(input.path):2") && r.stderr.contains("'caption'"), "\(r.stderr)")
        let t = try CLIRunner.run(["negatives", "--in", input.path, "--out", "x.jsonl", "--types", "relation,colour"])
        #expect(t.status != 0 && t.stderr.contains("colour"))
    }

    @Test("Flickr8k captions.csv and order perturbation types")
    func csv() throws {
        guard wordNetInstalled() else { return }
        let dir = try folder()
        let input = dir.appendingPathComponent("captions.csv")
        try Data("image,caption\n1.jpg,A child in a pink dress is climbing up a set of stairs .\n2.jpg,\"A dog shakes its head near the shore , a red ball next to it .\"\n".utf8)
            .write(to: input)
        let output = dir.appendingPathComponent("n.jsonl")
        let r = try CLIRunner.run([
            "negatives", "--in", input.path, "--out", output.path, "--types", "object,shuffle_trigrams",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(record["image"] as? String == "2.jpg")
        #expect((record["valid"] as? [String: Bool]) == ["object": true, "shuffle_trigrams": true])
    }

    @Test("--help shows examples; --print-config --format yaml prints a loadable YAML config")
    func helpAndYAML() throws {
        let help = try CLIRunner.run(["negatives", "--help"])
        #expect(help.status == 0 && help.stdout.contains("Examples:") && help.stdout.contains("--types"))
        let yaml = try CLIRunner.run(["train", "--print-config", "--objective", "ceclip", "--format", "yaml"])
        #expect(yaml.status == 0 && yaml.stdout.contains("objective:") && yaml.stdout.contains("name: ceclip"))
        let dir = try folder()
        let file = dir.appendingPathComponent("ceclip.yaml")
        try Data(yaml.stdout.utf8).write(to: file)
        let json = try CLIRunner.run(["train", "--print-config", "--objective", "ceclip"])
        try Data(json.stdout.utf8).write(to: dir.appendingPathComponent("ceclip.json"))
        // Both load (bad keys would fail) and agree: run with a missing manifest, same error.
        let a = try CLIRunner.run(["train", "--config", file.path, "--data", dir.appendingPathComponent("none.jsonl").path])
        let b = try CLIRunner.run([
            "train", "--config", dir.appendingPathComponent("ceclip.json").path, "--data",
            dir.appendingPathComponent("none.jsonl").path,
        ])
        #expect(a.status != 0 && a.stderr == b.stderr, "\(a.stderr) vs \(b.stderr)")
        let bad = dir.appendingPathComponent("bad.yaml")
        try Data("objective:\n  lambda_imcc: 1\n".utf8).write(to: bad)
        let e = try CLIRunner.run(["train", "--config", bad.path])
        #expect(e.status != 0 && e.stderr.contains("'objective.lambda_imcc'"), "\(e.stderr)")
    }
}
