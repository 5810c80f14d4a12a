import Foundation
import TestSupport
import Testing

@Suite("loupe index / search / status / remove")
struct SearchCommandTests {
    @Test("index images and a document with a real model; an image is its own nearest neighbour; failures recorded")
    func indexAndSearch() throws {
        let vocabulary = (ProcessInfo.processInfo.environment["LOUPE_CACHE"] ?? NSHomeDirectory() + "/.cache/loupe")
            + "/clip/bpe_simple_vocab_16e6.txt.gz"
        guard FileManager.default.fileExists(atPath: vocabulary) else {
            print("SKIP index/search CLI test: no CLIP vocabulary in the cache (run make setup)")
            return
        }
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("loupe-search-\(UUID().uuidString)")
        let photos = root.appendingPathComponent("photos")
        try fm.createDirectory(at: photos, withIntermediateDirectories: true)
        let images = ["rgb_223x301.jpg", "palette_120x80.png", "grey_97x131.jpg", "rgba_90x70.png", "corrupt.png"]
        for name in images { try fm.copyItem(at: Fixtures.url("images/\(name)"), to: photos.appendingPathComponent(name)) }
        try "Inspection report\\nThe left flange bolt shows rust.\\nWeld seam intact.\\n"
            .replacingOccurrences(of: "\\n", with: "\n").write(to: photos.appendingPathComponent("report.txt"), atomically: true, encoding: .utf8)
        let db = root.appendingPathComponent("lib").path
        let model = Fixtures.url("clip/openclip-tiny").path
        let indexed = try CLIRunner.run(["index", photos.path, "--model", model, "--db", db])
        #expect(indexed.status == 0, "\(indexed.stderr)")
        #expect(indexed.stdout.contains("1 failed"), "\(indexed.stdout)")

        for name in images.dropLast() {
            let r = try CLIRunner.run(["search", "--image", photos.appendingPathComponent(name).path, "--kind", "image",
                                       "-k", "1", "--json", "--model", model, "--db", db])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("\"path\":\"\(photos.appendingPathComponent(name).path)\""), "\(name): \(r.stdout)")
        }
        let text = try CLIRunner.run(["search", "rust", "--kind", "text", "--model", model, "--db", db])
        #expect(text.stdout.contains("report.txt") && text.stdout.contains("flange"), "\(text.stdout)")

        let status = try CLIRunner.run(["status", "--db", db, "--json"])
        let s = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(s["imageFiles"] as? Int == 4 && s["textFiles"] as? Int == 1 && s["failedFiles"] as? Int == 1)

        let other = try CLIRunner.run(["search", "rust", "--model", Fixtures.url("clip/hf-tiny").path, "--db", db])
        #expect(other.status != 0 && other.stderr.contains("--reindex"), "model mismatch: \(other.stderr)")

        let removed = try CLIRunner.run(["remove", photos.appendingPathComponent("report.txt").path, "--db", db])
        #expect(removed.stdout.contains("removed 1"))
    }
}
