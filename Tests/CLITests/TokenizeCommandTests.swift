import Foundation
import TestSupport
import Testing

@Suite("loupe tokenize")
struct TokenizeCommandTests {
    /// Every corpus string without a newline, passed as arguments, against open_clip's rows.
    @Test("ids equal open_clip.tokenize for the corpus strings")
    func corpus() throws {
        let data = try Data(contentsOf: Fixtures.url("tokenizer/corpus.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try #require(object["cases"] as? [[String: Any]])
        let usable = cases.compactMap { c -> (String, [Int])? in
            // argv cannot carry newlines as separate lines or NUL bytes.
            guard let text = c["text"] as? String, !text.contains("\n"), !text.contains("\0"), !text.hasPrefix("-"),
                  let row = c["tokenized"] as? [Int] else { return nil }
            return (text, row)
        }
        #expect(usable.count > 200)
        let vocabulary = ProcessInfo.processInfo.environment["LOUPE_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/loupe")
        guard FileManager.default.fileExists(atPath: vocabulary.appendingPathComponent("clip/bpe_simple_vocab_16e6.txt.gz").path) else {
            print("SKIP loupe tokenize corpus test: no CLIP vocabulary in the cache (run make setup)")
            return
        }
        let r = try CLIRunner.run(["tokenize", "--"] + usable.map(\.0))
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").map { line in
            line.dropFirst().dropLast().split(separator: ",").compactMap { Int($0) }
        }
        #expect(rows.count == usable.count)
        for (row, (text, expected)) in zip(rows, usable) where row != expected {
            Issue.record("ids differ for \(text.debugDescription)")
        }
    }

    @Test("no input is a usage error")
    func usage() throws {
        let r = try CLIRunner.run(["tokenize"])
        #expect(r.status != 0 && r.stderr.contains("--file"))
    }
}
