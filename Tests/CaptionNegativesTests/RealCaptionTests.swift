import CaptionNegatives
import Foundation
import Testing

/// The shared data kit: `$LOUPE_SHARED_DATA`, else `../shared/data` from the package root.
func sharedDataFile(_ relative: String) -> URL? {
    let root = ProcessInfo.processInfo.environment["LOUPE_SHARED_DATA"].map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
    let url = root.appendingPathComponent(relative)
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
}

/// Up to `limit` captions spread evenly over the file: COCO caption JSON or Flickr8k CSV.
func sampleCaptions(_ relative: String, limit: Int) throws -> [String]? {
    guard let url = sharedDataFile(relative) else { return nil }
    var captions: [String] = []
    if url.pathExtension == "json" {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let annotations = object?["annotations"] as? [[String: Any]] ?? []
        captions = annotations.compactMap { $0["caption"] as? String }
    } else {
        // captions.csv: image,caption with RFC 4180 quoting of captions that hold commas.
        let text = try String(contentsOf: url, encoding: .utf8)
        for line in text.split(separator: "\n").dropFirst() {
            guard let comma = line.firstIndex(of: ",") else { continue }
            var caption = String(line[line.index(after: comma)...])
            if caption.hasPrefix("\""), caption.hasSuffix("\"") {
                caption = String(caption.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
            }
            captions.append(caption)
        }
    }
    guard !captions.isEmpty else { return [] }
    let step = max(1, captions.count / limit)
    return stride(from: 0, to: captions.count, by: step).prefix(limit).map { captions[$0] }
}

@Suite("Negatives of real COCO and Flickr8k captions")
struct RealCaptionTests {
    @Test("every negative differs, is a grammatical edit of its type, and most captions get one",
          arguments: ["coco-captions/captions_val2017.json", "flickr8k/captions.csv"])
    func realCaptions(file: String) throws {
        guard let wordNet = wordNetOrSkip() else { return }
        guard let captions = try sampleCaptions(file, limit: 150) else {
            print("skipping \(file): not in the shared data kit (set LOUPE_SHARED_DATA)")
            return
        }
        let generator = NegativeGenerator(wordNet: wordNet, seed: 0)
        var valid = [NegativeType: Int]()
        var problems: [String] = []
        for caption in captions {
            for (type, negative) in generator.negatives(of: caption) {
                valid[type, default: 0] += 1
                if negative == caption { problems.append("\(type): unchanged \"\(caption)\"") }
                let problem = type == .relation
                    ? relationProblem(caption, negative, generator: generator)
                    : replacementProblem(caption, negative, type: type, generator: generator)
                if let problem { problems.append("\(type): \"\(caption)\" → \"\(negative)\": \(problem)") }
            }
        }
        let coverage = NegativeType.allCases.map { type in
            "\(type.rawValue) \(String(format: "%.1f", 100 * Double(valid[type] ?? 0) / Double(captions.count)))%"
        }
        print("\(file): \(captions.count) captions, valid: \(coverage.joined(separator: ", "))")
        for problem in problems.prefix(20) { print("  problem: \(problem)") }
        #expect(problems.isEmpty, "\(problems.count) malformed negatives, first: \(problems.first ?? "")")
        // Captions nearly always name an object and an action; relations need three nouns.
        #expect(Double(valid[.object] ?? 0) >= 0.95 * Double(captions.count))
        #expect(Double(valid[.action] ?? 0) >= 0.6 * Double(captions.count))
        #expect(Double(valid[.attribute] ?? 0) >= 0.4 * Double(captions.count))
        #expect(Double(valid[.relation] ?? 0) >= 0.2 * Double(captions.count))
    }
}
