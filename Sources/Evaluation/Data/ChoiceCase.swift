import Foundation

/// One image with a true caption and one or more wrong ones (SugarCrepe, VALSE, VL-CheckList,
/// ARO): the model is right when it scores the true caption highest.
public struct ChoiceCase: Sendable, Equatable {
    /// Stable id, e.g. `replace_obj/17`.
    public var id: String
    /// Subset / instrument (`replace_obj`, `counting_hard`, `vg_relation`, …).
    public var group: String
    /// Category for macro averages (ARO relation or attribute pair), if any.
    public var label: String?
    /// Image reference as written in the annotation.
    public var image: String
    /// Crop applied to the image first (ARO VG sets).
    public var crop: CropBox?
    /// The true caption.
    public var positive: String
    /// The wrong captions.
    public var negatives: [String]

    /// Creates a case.
    public init(
        id: String, group: String, label: String? = nil, image: String, crop: CropBox? = nil,
        positive: String, negatives: [String]
    ) {
        precondition(!negatives.isEmpty, "a choice case needs at least one negative")
        self.id = id
        self.group = group
        self.label = label
        self.image = image
        self.crop = crop
        self.positive = positive
        self.negatives = negatives
    }
}

/// How a tie between the true caption and the best wrong one is scored.
public enum ChoiceRule: String, Codable, Sendable {
    /// Correct only if the true caption scores strictly higher than every wrong one:
    /// SugarCrepe, VALSE, VL-CheckList, Winoground, and ARO VG-Relation/VG-Attribution
    /// (`argmax([false, true]) == 1`, where numpy's argmax returns the first of tied maxima).
    case strict
    /// Correct if no wrong caption scores higher: ARO COCO-/Flickr-Order Precision@1, where the
    /// true caption is option 0 and `argmax == 0` wins ties.
    case tiesFavourTrue

    /// Whether `positive` beats `bestNegative` under this rule.
    public func isCorrect(positive: Double, bestNegative: Double) -> Bool {
        switch self {
        case .strict: return positive > bestNegative
        case .tiesFavourTrue: return positive >= bestNegative
        }
    }
}
