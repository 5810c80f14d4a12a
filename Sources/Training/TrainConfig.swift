import Foundation

/// Everything a `loupe train` run needs, read from JSON (or YAML). Every ablation switch of the
/// implemented methods is a key here; unknown keys are errors so typos do not pass silently.
public struct TrainConfig: Codable, Sendable, Equatable {
    public struct Model: Codable, Sendable, Equatable {
        /// A checkpoint to start from (model directory or .safetensors); `nil` trains from scratch.
        public var initFrom: String?
        /// From-scratch architecture: `tiny` (64 px, patch 8, width 128, 4 layers), `small` (64 px,
        /// patch 8, width 256, 6 layers) or `base` (ViT-B/32).
        public var architecture: String = "small"
        /// Parameter-name patterns (`*` wildcard) kept frozen, e.g. `visual.*` for text-only tuning.
        public var freeze: [String] = []
        public init() {}
        enum CodingKeys: String, CodingKey { case initFrom = "init", architecture, freeze }
    }

    public struct Data: Codable, Sendable, Equatable {
        /// Training manifest (JSONL: `{"image", "caption", …}`), or a Flickr8k `captions.csv`, or a COCO
        /// caption JSON.
        public var train: String = "train.jsonl"
        /// Held-out manifest for evaluation hooks.
        public var eval: String?
        /// Folder that image paths are relative to (default: the manifest's folder).
        public var images: String?
        /// Split list for Flickr8k-style data (`train.txt`).
        public var split: String?
        /// Recaption file (JSONL `{image, caption}`) and the fraction of samples that use it.
        public var recaptions: String?
        public var recaptionMix: Double = 1
        /// Which caption field to train on: `caption` (dense) or `sparse_caption`.
        public var captionField: String = "caption"
        /// Random resized crop scale range; `nil` disables it.
        public var randomResizedCrop: [Double]? = [0.8, 1]
        /// Horizontal flips: off by default, because captions say "left of" / "right of".
        public var horizontalFlip: Bool = false
        /// User hard negatives (JSONL, `loupe negatives` format) overriding the manifest's and the
        /// generator's, matched by caption text or image + caption.
        public var negatives: String?
        /// Examples whose image file is missing: `fail` (an error counting and naming them) or `skip`.
        public var missingImages: String = "fail"
        /// Split list of the held-out Flickr8k-style data (default: `dev.txt` beside its CSV).
        public var evalSplit: String?
        public init() {}
        enum CodingKeys: String, CodingKey {
            case train, eval, images, split, recaptions, recaptionMix = "recaption_mix", captionField = "caption_field"
            case randomResizedCrop = "random_resized_crop", horizontalFlip = "horizontal_flip"
            case negatives
            case missingImages = "missing_images", evalSplit = "eval_split"
        }
    }

    public struct Objective: Codable, Sendable, Equatable {
        /// `infonce`, `ceclip` or `radial`.
        public var name: String = "infonce"
        // CE-CLIP
        public var hardNegativeITC: Bool = true
        public var lambdaIMC: Float = 0.2
        public var lambdaCMR: Float = 0.2
        /// `adaptive`, `fixed` or `max`.
        public var threshold: String = "adaptive"
        public var fixedThreshold: Float = 5
        public var thresholdUpperBound: Float = 10
        /// Negative types used, in order.
        public var negativeTypes: [String] = ["relation", "attribute", "object", "action"]
        /// Generate CE-CLIP negatives (WordNet lexicon) for examples whose manifest has none.
        public var generateNegatives: Bool = false
        // Radial Embedding
        public var lambdaPullback: Float = 10
        public var lambdaExterior: Float = 1
        public var lambdaHardest: Float = 1
        public init() {}
        enum CodingKeys: String, CodingKey {
            case name, hardNegativeITC = "hard_negative_itc", lambdaIMC = "lambda_imc", lambdaCMR = "lambda_cmr"
            case threshold, fixedThreshold = "fixed_threshold", thresholdUpperBound = "threshold_upper_bound"
            case negativeTypes = "negative_types", lambdaPullback = "lambda_p", lambdaExterior = "lambda_e"
            case lambdaHardest = "lambda_m", generateNegatives = "generate_negatives"
        }
    }

    public struct Optimizer: Codable, Sendable, Equatable {
        /// `adamw` or `sgd`.
        public var name: String = "adamw"
        public var lr: Float = 5e-4
        public var betas: [Float] = [0.9, 0.98]
        public var eps: Float = 1e-6
        public var weightDecay: Float = 0.2
        public var momentum: Float = 0.9
        /// Global gradient-norm clip; `nil` disables it.
        public var gradClip: Float? = 1
        public init() {}
        enum CodingKeys: String, CodingKey {
            case name, lr, betas, eps, weightDecay = "weight_decay", momentum, gradClip = "grad_clip"
        }
    }

    public struct Schedule: Codable, Sendable, Equatable {
        /// `warmup_cosine`, `cosine`, `step` or `constant`.
        public var name: String = "warmup_cosine"
        public var warmup: Int = 50
        public var stepEvery: Int = 1000
        public var gamma: Float = 0.1
        public var minimumLR: Float = 0
        public init() {}
        enum CodingKeys: String, CodingKey {
            case name, warmup, stepEvery = "step_every", gamma, minimumLR = "minimum_lr"
        }
    }

    /// The text tower of the `dual` objective (a dual encoder: CLIP image tower + any text tower).
    public struct TextTower: Codable, Sendable, Equatable {
        /// `clip` (the CLIP text transformer, from scratch or from `model.init`) or `sentence` (a
        /// pretrained sentence encoder plus a learned linear projection to the embedding width).
        public var kind: String = "clip"
        /// The sentence encoder's directory (e.g. all-MiniLM-L6-v2 from `make setup`).
        public var sentenceEncoder: String?
        /// The directory's format, as registered by the target that reads it.
        public var sentenceFormat: String = "sentence-transformers"
        /// The sentence encoder's weights: `frozen`, `top_k` (the top `unfreeze_top_k` layers) or `full`.
        public var trainable: String = "frozen"
        public var unfreezeTopK: Int = 2
        /// The text tower's own weights (the sentence encoder's, or all of a CLIP text tower's) learn
        /// at `optimizer.lr × lr_scale` under the same schedule; the sentence tower's projection, the
        /// image tower and the temperature learn at `optimizer.lr`. A pretrained encoder wants about
        /// 0.01 (1e-5 against 1e-3).
        public var lrScale: Float = 1
        /// The sentence encoder stays frozen for this many steps (the projection and image tower
        /// settle first), then trains as `trainable` says.
        public var frozenSteps: Int = 0
        public init() {}
        enum CodingKeys: String, CodingKey {
            case kind, sentenceEncoder = "sentence_encoder", sentenceFormat = "sentence_format", trainable
            case unfreezeTopK = "unfreeze_top_k", lrScale = "lr_scale", frozenSteps = "frozen_steps"
        }
    }

    public var model = Model()
    public var textTower = TextTower()
    public var data = Data()
    public var objective = Objective()
    public var optimizer = Optimizer()
    public var schedule = Schedule()
    public var mhcvse = MHCVSE()
    /// CCL's settings (``TrainConfig/CCL``), used when `objective.name` is `ccl`.
    public var ccl = CCL()
    public var batchSize: Int = 64
    public var steps: Int = 1000
    public var evalEvery: Int = 200
    public var checkpointEvery: Int = 100
    public var out: String = "runs/loupe"
    public var seed: UInt64 = 0
    public init() {}

    enum CodingKeys: String, CodingKey {
        case model, textTower = "text_tower", data, objective, optimizer, schedule, mhcvse, ccl, batchSize = "batch_size", steps
        case evalEvery = "eval_every", checkpointEvery = "checkpoint_every", out, seed
    }

    /// The learning-rate schedule this config describes.
    public var learningRateSchedule: LearningRateSchedule {
        get throws {
            switch schedule.name {
            case "warmup_cosine": return .warmupCosine(warmup: schedule.warmup, totalSteps: steps)
            case "cosine": return .cosineAnnealing(period: steps, minimum: schedule.minimumLR)
            case "step": return .stepDecay(every: schedule.stepEvery, gamma: schedule.gamma)
            case "constant": return .constant
            default: throw TrainConfigError.invalid(key: "schedule.name", reason: "'\(schedule.name)' is not one of warmup_cosine, cosine, step, constant")
            }
        }
    }

    /// Checks names and ranges, naming the offending key.
    public func validate() throws {
        func need(_ ok: Bool, _ key: String, _ reason: String) throws {
            if !ok { throw TrainConfigError.invalid(key: key, reason: reason) }
        }
        try need(["infonce", "ceclip", "radial", "dual", "mhcvse", "ccl"].contains(objective.name), "objective.name",
                 "'\(objective.name)' is not one of infonce, ceclip, radial, dual, mhcvse, ccl")
        try need(["clip", "sentence"].contains(textTower.kind), "text_tower.kind", "'\(textTower.kind)' is not clip or sentence")
        try need(textTower.kind != "sentence" || textTower.sentenceEncoder != nil, "text_tower.sentence_encoder",
                 "is required when text_tower.kind is sentence")
        try need(["frozen", "top_k", "full"].contains(textTower.trainable), "text_tower.trainable",
                 "'\(textTower.trainable)' is not one of frozen, top_k, full")
        try need(textTower.unfreezeTopK >= 0, "text_tower.unfreeze_top_k", "must not be negative")
        try need(textTower.lrScale >= 0 && textTower.lrScale.isFinite, "text_tower.lr_scale", "must be a finite number ≥ 0")
        try need(textTower.frozenSteps >= 0, "text_tower.frozen_steps", "must not be negative")
        try need(["fail", "skip"].contains(data.missingImages), "data.missing_images", "must be fail or skip")
        try need((0...1).contains(data.recaptionMix), "data.recaption_mix", "must be between 0 and 1")
        try mhcvse.validate()
        if objective.name == "ccl" {
            try ccl.validate()
            try need(model.initFrom != nil, "model.init", "must name the frozen CLIP model whose features CCL learns from")
        }
        try need(["adaptive", "fixed", "max"].contains(objective.threshold), "objective.threshold",
                 "'\(objective.threshold)' is not one of adaptive, fixed, max")
        try need(["adamw", "sgd"].contains(optimizer.name), "optimizer.name", "'\(optimizer.name)' is not adamw or sgd")
        try need(optimizer.betas.count == 2, "optimizer.betas", "needs two values")
        try need(batchSize >= 2, "batch_size", "must be at least 2 for a contrastive loss")
        try need(steps >= 1, "steps", "must be positive")
        try need(["tiny", "small", "base"].contains(model.architecture) || model.initFrom != nil, "model.architecture",
                 "'\(model.architecture)' is not tiny, small or base")
        try need(["caption", "sparse_caption"].contains(data.captionField), "data.caption_field",
                 "must be caption or sparse_caption")
        _ = try learningRateSchedule
    }

    /// Reads a JSON or YAML (`.yaml`, `.yml`) config, rejecting unknown keys.
    public static func load(_ url: URL) throws -> TrainConfig {
        let data: Foundation.Data
        do { data = try Foundation.Data(contentsOf: url) } catch {
            throw TrainConfigError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        let object = try parseDocument(data, url: url)
        let defaults = try JSONSerialization.jsonObject(with: JSONEncoder().encode(TrainConfig()))
        try checkKeys(object, against: defaults, path: "")
        do {
            // Keys the file omits keep their defaults: decode the file merged over the defaults.
            let merged = try JSONSerialization.data(withJSONObject: merge(object, over: defaults))
            let config = try JSONDecoder().decode(TrainConfig.self, from: merged)
            try config.validate()
            return config
        } catch let e as TrainConfigError {
            throw e
        } catch {
            throw TrainConfigError.unreadable(path: url.path, reason: "\(error)")
        }
    }

    static func merge(_ value: Any, over base: Any) -> Any {
        guard let object = value as? [String: Any], var result = base as? [String: Any] else { return value }
        for (k, v) in object { result[k] = result[k].map { merge(v, over: $0) } ?? v }
        return result
    }

    static func checkKeys(_ value: Any, against reference: Any, path: String) throws {
        guard let object = value as? [String: Any] else { return }
        let known = (reference as? [String: Any]) ?? [:]
        let optionalKeys: Set<String> = [
            "init", "eval", "images", "split", "recaptions", "grad_clip", "random_resized_crop", "negatives",
            "sentence_encoder", "eval_split",
        ]
        for (key, v) in object {
            let full = path.isEmpty ? key : "\(path).\(key)"
            guard let ref = known[key] ?? (optionalKeys.contains(key) ? NSNull() : nil) else {
                throw TrainConfigError.invalid(key: full, reason: "is not a known setting (see `loupe train --print-config`)")
            }
            try checkKeys(v, against: ref, path: full)
        }
    }
}

public enum TrainConfigError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalid(key: String, reason: String)
    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read training config: \(reason)"
        case let .invalid(key, reason): return "training config: '\(key)' \(reason)"
        }
    }
}
