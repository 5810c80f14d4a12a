import Foundation
import TestSupport
import Testing

/// `loupe train` with objective `ccl`: the printed example and bad keys.
@Suite("loupe train ccl")
struct TrainCCLCommandTests {
    @Test("--print-config --objective ccl prints the CCL defaults; a bad ccl key exits non-zero naming it")
    func printConfigAndErrors() throws {
        let r = try CLIRunner.run(["train", "--print-config", "--objective", "ccl"])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((object["objective"] as? [String: Any])?["name"] as? String == "ccl")
        let ccl = try #require(object["ccl"] as? [String: Any])
        #expect(ccl["granularity"] as? String == "both" && ccl["intra_modal"] as? Bool == true)
        #expect(ccl["correlation"] as? String == "corr_ae" && ccl["tied_lambda"] as? Double == 0.7)
        #expect((object["optimizer"] as? [String: Any])?["name"] as? String == "sgd")

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ccl-bad-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        var bad = object
        var section = ccl
        section["granularity"] = "pixels"
        bad["ccl"] = section
        try JSONSerialization.data(withJSONObject: bad).write(to: file)
        let failed = try CLIRunner.run(["train", "--config", file.path])
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("ccl.granularity"), "stderr: \(failed.stderr)")
    }
}
