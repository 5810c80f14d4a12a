import Foundation

/// Image↔text retrieval metrics (CLIP_benchmark / open_clip / CVSE conventions).
///
/// Case records: one per image query (group `i2t`, or `<fold>/i2t`) and one per caption query
/// (`t2i`), each with field `rank` (1-based rank of the best positive). "Image→text" (`i2t`,
/// CLIP_benchmark's "text retrieval") scores a hit when any of the image's captions is in the
/// top K; "text→image" (`t2i`) when the caption's image is.
public enum RetrievalMetrics {
    /// The recall cut-offs reported.
    public static let recallLevels = [1, 5, 10]

    /// Metric specs for one set of queries; `prefix` distinguishes folds (`fold1_`).
    /// Names: `i2t_r1`, `i2t_r5`, `i2t_r10`, `t2i_r1`, …, `rsum` (sum of the six recalls in
    /// percentage points, as papers print it), `i2t_median_rank`, `i2t_mean_rank`, `t2i_…`.
    public static func specs(prefix: String = "", groupPrefix: String = "") -> [MetricSpec] {
        var specs: [MetricSpec] = []
        for direction in ["i2t", "t2i"] {
            let group = groupPrefix + direction
            let section =
                prefix.isEmpty
                ? (direction == "i2t" ? "Image → text" : "Text → image")
                : "Folds"
            for k in recallLevels {
                specs.append(
                    MetricSpec(
                        "\(prefix)\(direction)_r\(k)",
                        .fractionAtMost(field: "rank", limit: Double(k), group: group),
                        section: section))
            }
            specs.append(
                MetricSpec(
                    "\(prefix)\(direction)_median_rank", .medianFloor(field: "rank", group: group),
                    section: section, kind: .rank))
            specs.append(
                MetricSpec(
                    "\(prefix)\(direction)_mean_rank", .mean(field: "rank", group: group),
                    section: section, kind: .rank))
        }
        specs.append(
            MetricSpec(
                "\(prefix)rsum", .sum(metrics: recallNames(prefix: prefix), scale: 100),
                section: prefix.isEmpty ? "Summary" : "Folds", kind: .score))
        return specs
    }

    /// Specs averaging per-fold metrics into the unprefixed names (COCO 5×1K protocol).
    public static func foldAverageSpecs(folds: Int) -> [MetricSpec] {
        var specs: [MetricSpec] = []
        let template = Self.specs()
        for spec in template where spec.name != "rsum" {
            let names = (1 ... folds).map { "fold\($0)_\(spec.name)" }
            specs.append(
                MetricSpec(
                    spec.name, .average(metrics: names), section: spec.section,
                    kind: spec.kind))
        }
        specs.append(
            MetricSpec(
                "rsum", .sum(metrics: recallNames(prefix: ""), scale: 100), section: "Summary",
                kind: .score))
        return specs
    }

    private static func recallNames(prefix: String) -> [String] {
        ["i2t", "t2i"].flatMap { d in recallLevels.map { "\(prefix)\(d)_r\($0)" } }
    }

    /// Ranks for both directions of an image/caption set.
    /// - Parameters:
    ///   - images: `[I, D]` L2-normalised image vectors.
    ///   - captions: `[T, D]` L2-normalised caption vectors.
    ///   - imageOfCaption: image index of each caption; every image needs ≥ 1 caption.
    /// - Returns: per-image ranks (i2t) and per-caption ranks (t2i).
    public static func ranks(
        images: EmbeddingMatrix, captions: EmbeddingMatrix, imageOfCaption: [Int],
        tieRule: TieRule = .pessimistic, maxChunkValues: Int = 1 << 24
    ) -> (imageToText: [Int], textToImage: [Int]) {
        var captionsOf = [[Int]](repeating: [], count: images.rows)
        for (caption, image) in imageOfCaption.enumerated() { captionsOf[image].append(caption) }
        let i2t = RetrievalRanking.ranks(
            queries: images, gallery: captions, positives: captionsOf, tieRule: tieRule,
            maxChunkValues: maxChunkValues)
        let t2i = RetrievalRanking.ranks(
            queries: captions, gallery: images, positives: imageOfCaption.map { [$0] },
            tieRule: tieRule, maxChunkValues: maxChunkValues)
        return (i2t, t2i)
    }
}
