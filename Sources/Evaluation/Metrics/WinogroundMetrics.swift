import Foundation

/// Winoground scores (Thrush et al. 2022; CLIP_benchmark `image_caption_selection.py`).
public enum WinogroundMetrics {
    /// The three per-example outcomes.
    public struct Outcome: Equatable, Sendable {
        /// `s(C0,I0) > s(C1,I0)` and `s(C1,I1) > s(C0,I1)`: each image picks its caption.
        public var text: Bool
        /// `s(C0,I0) > s(C0,I1)` and `s(C1,I1) > s(C1,I0)`: each caption picks its image.
        public var image: Bool
        /// Both.
        public var group: Bool { text && image }
    }

    /// Scores one example from its four similarities `s[caption][image]`. Ties fail (strict).
    public static func outcome(_ s: [[Double]]) -> Outcome {
        precondition(s.count == 2 && s.allSatisfy { $0.count == 2 }, "needs s[2][2]")
        return Outcome(
            text: s[0][0] > s[1][0] && s[1][1] > s[0][1],
            image: s[0][0] > s[0][1] && s[1][1] > s[1][0])
    }

    /// Metric specs: `text`, `image`, `group` over all examples, then per `collapsed_tag`
    /// (`text_relation`, `image_object`, …) for the tags given.
    public static func specs(tags: [String]) -> [MetricSpec] {
        var specs = ["text", "image", "group"].map {
            MetricSpec($0, .mean(field: $0), section: "Scores")
        }
        for tag in tags {
            for field in ["text", "image", "group"] {
                specs.append(
                    MetricSpec(
                        "\(field)_\(tag.lowercased())", .mean(field: field, label: tag),
                        section: "By tag"))
            }
        }
        return specs
    }
}
