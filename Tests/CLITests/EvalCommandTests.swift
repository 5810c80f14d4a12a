import Foundation
import TestSupport
import Testing

@Suite("loupe eval")
struct EvalCommandTests {
    @Test("winoground from the real ViT-B/32 embeddings prints the published scores as JSON")
    func winogroundFromEmbeddings() throws {
        guard let data = Fixtures.sharedData else {
            print("SKIP loupe eval winoground: shared data kit not found (set LOUPE_SHARED_DATA)")
            return
        }
        let folder = data.appendingPathComponent("winoground")
        let r = try CLIRunner.run(["eval", "winoground", "--data", folder.path, "--embeddings",
                                   folder.appendingPathComponent("winoground_real_vitb32.npz").path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let metrics = try #require(o["metrics"] as? [String: Double])
        #expect(o["suite"] as? String == "winoground" && o["evaluated"] as? Int == 400 && o["skipped"] as? Int == 0)
        #expect(metrics["text"] == 0.3475 && metrics["image"] == 0.11 && metrics["group"] == 0.075)
    }

    @Test("an unknown suite and missing data are clear errors")
    func errors() throws {
        let unknown = try CLIRunner.run(["eval", "sugarcrap", "--data", "/tmp", "--model", "x"])
        #expect(unknown.status != 0 && unknown.stderr.contains("sugarcrepe"))
        let missing = try CLIRunner.run(["eval", "sugarcrepe", "--data", "/nonexistent/sugarcrepe",
                                         "--model", Fixtures.url("clip/hf-tiny").path])
        #expect(missing.status != 0 && missing.stderr.contains("/nonexistent/sugarcrepe"), "\(missing.stderr)")
    }
}
