import Foundation

/// Dense recaptions (JSONL `{"image": path, "caption": text}`) mixed into training examples.
///
/// A seeded choice of `round(fraction × eligible)` examples — those whose image has a recaption —
/// take the recaption as their training caption; their original captions stay after it. So
/// `recaption_mix` 1 replaces every caption that has a recaption and 0.5 trains on half of each.
public enum Recaptions {
    /// Recaptions by standardized image path. Paths are relative to `imagesRoot` (default: the
    /// file's folder); a later line for the same image replaces an earlier one.
    public static func read(_ url: URL, imagesRoot: URL?) throws -> [String: String] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw TrainingDataError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        let root = imagesRoot ?? url.deletingLastPathComponent()
        var result: [String: String] = [:]
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                throw TrainingDataError.malformed(path: url.path, line: i + 1, reason: "not a JSON object")
            }
            guard let image = object["image"] as? String, !image.isEmpty else {
                throw TrainingDataError.malformed(path: url.path, line: i + 1, reason: "no 'image'")
            }
            guard let caption = (object["caption"] as? String)?.trimmingCharacters(in: .whitespaces), !caption.isEmpty else {
                throw TrainingDataError.malformed(path: url.path, line: i + 1, reason: "no 'caption'")
            }
            let file = image.hasPrefix("/") ? URL(fileURLWithPath: image) : root.appendingPathComponent(image)
            result[file.standardizedFileURL.path] = caption
        }
        if result.isEmpty { throw TrainingDataError.empty(path: url.path) }
        return result
    }

    /// What mixing did.
    public struct MixReport: Sendable, Equatable {
        /// Examples whose image has a recaption.
        public var eligible: Int
        /// Examples now trained on their recaption.
        public var used: Int
        public init(eligible: Int, used: Int) {
            self.eligible = eligible
            self.used = used
        }
    }

    /// `examples` with a seeded `fraction` of the eligible ones captioned by their recaption.
    public static func mix(_ examples: [TrainingExample], recaptions: [String: String], fraction: Double,
                           seed: UInt64) -> (examples: [TrainingExample], report: MixReport) {
        let eligible = examples.indices.filter { i in examples[i].image.map { recaptions[$0.standardizedFileURL.path] != nil } ?? false }
        let count = Int((min(max(fraction, 0), 1) * Double(eligible.count)).rounded())
        var rng = RandomGeneratorSplit(seed: seed ^ 0x5245_4341_5054_494F)
        var chosen = eligible
        chosen.shuffle(using: &rng)
        var result = examples
        for i in chosen.prefix(count) {
            let recaption = recaptions[result[i].image!.standardizedFileURL.path]!
            result[i].captions.removeAll { $0 == recaption }
            result[i].captions.insert(recaption, at: 0)
        }
        return (result, MixReport(eligible: eligible.count, used: count))
    }
}
