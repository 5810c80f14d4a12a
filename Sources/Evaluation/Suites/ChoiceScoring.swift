import Foundation

/// Scores ``ChoiceCase``s: resolves and embeds images, embeds captions, and compares the
/// cosine similarity of the true caption with the best wrong one.
enum ChoiceScoring {
    /// Records with `correct` (1 or 0) and `margin` (s(true) − max s(wrong)); cases whose
    /// image is missing or fails to embed go to `skips`.
    static func score(
        _ cases: [ChoiceCase], rule: ChoiceRule, resolver: ImageResolver, store: EmbeddingStore,
        skips: inout SkipLedger
    ) throws -> [CaseRecord] {
        var inputs: [ImageInput?] = []
        for item in cases {
            if let url = resolver.resolve(item.image) {
                inputs.append(ImageInput(url: url, crop: item.crop))
            } else {
                inputs.append(nil)
                skips.skip(item.id, reason: "image file not found")
            }
        }
        let images = try store.embedImages(inputs.compactMap { $0 })
        let imageVectors = images.matrix.l2Normalized()
        var kept: [(ChoiceCase, Int)] = []
        for (item, input) in zip(cases, inputs) {
            guard let input else { continue }
            if let row = images.rowOf[input] {
                kept.append((item, row))
            } else {
                skips.skip(item.id, reason: images.failures[input] ?? "image failed to embed")
            }
        }
        var texts: [String] = []
        for (item, _) in kept { texts.append(item.positive); texts += item.negatives }
        let textVectors = try store.embedTexts(texts).l2Normalized()
        var records: [CaseRecord] = []
        var cursor = 0
        for (item, row) in kept {
            let positive = imageVectors.dot(row, textVectors, cursor)
            var bestNegative = -Double.infinity
            for k in 1 ... item.negatives.count {
                bestNegative = max(bestNegative, imageVectors.dot(row, textVectors, cursor + k))
            }
            cursor += 1 + item.negatives.count
            let correct = rule.isCorrect(positive: positive, bestNegative: bestNegative)
            records.append(
                CaseRecord(
                    id: item.id, group: item.group, label: item.label,
                    values: ["correct": correct ? 1 : 0, "margin": positive - bestNegative]))
        }
        return records
    }
}
