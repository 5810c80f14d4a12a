import Foundation
import TensorCore
import TestSupport
import Testing

@Suite("loupe info")
struct InfoCommandTests {
    @Test("prints the resolved configuration and a stable fingerprint as JSON")
    func json() throws {
        let model = Fixtures.url("clip/openclip-tiny").path
        let r = try CLIRunner.run(["info", "--model", model, "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["layout"] as? String == "openclip")
        #expect((object["parameters"] as? Int ?? 0) > 800_000)
        let fingerprint = try #require(object["fingerprint"] as? String)
        #expect(fingerprint.hasPrefix("sha256:") && fingerprint.count == 71)
        let again = try CLIRunner.run(["info", "--model", model, "--json"])
        #expect(again.stdout == r.stdout)
        let other = try CLIRunner.run(["info", "--model", Fixtures.url("clip/hf-tiny").path, "--json"])
        #expect(!other.stdout.contains(fingerprint))
    }

    @Test("a missing key, a wrong shape and a truncated file each exit non-zero with the file named")
    func badCheckpoints() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let src = Fixtures.url("clip/openclip-tiny")
        let config = src.appendingPathComponent("open_clip_config.json").path
        var weights = try SafeTensors.read(src.appendingPathComponent("open_clip_model.safetensors"))
        weights["ln_final.bias"] = nil
        let missing = dir.appendingPathComponent("missing.safetensors")
        try SafeTensors.write(weights, to: missing)
        weights["ln_final.bias"] = .zeros([5])
        let shape = dir.appendingPathComponent("shape.safetensors")
        try SafeTensors.write(weights, to: shape)
        let data = try Data(contentsOf: src.appendingPathComponent("open_clip_model.safetensors"))
        let truncated = dir.appendingPathComponent("truncated.safetensors")
        try data.prefix(data.count - 1000).write(to: truncated)
        for (file, needle) in [(missing, "ln_final.bias"), (shape, "[5]"), (truncated, "outside")] {
            let r = try CLIRunner.run(["info", "--model", file.path, "--config", config])
            #expect(r.status != 0, "\(file.lastPathComponent) exited 0")
            #expect(r.stderr.contains(file.lastPathComponent) && r.stderr.contains(needle),
                    "\(file.lastPathComponent): \(r.stderr)")
        }
        let none = try CLIRunner.run(["info", "--model", dir.appendingPathComponent("nope").path])
        #expect(none.status != 0 && none.stderr.contains("no such file"))
    }
}
