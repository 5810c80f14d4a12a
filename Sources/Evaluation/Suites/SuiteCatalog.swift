import Foundation

/// Options that some suites take (`loupe eval SUITE … --split/--seed/--steps/…`).
public struct SuiteOptions: Sendable {
    /// Karpathy split or Flickr8k split list (`retrieval`, `aro` order sets).
    public var split: String?
    /// Seed of ARO's order perturbations.
    public var seed: UInt64
    /// HierarCaps radius thresholds.
    public var steps: Int
    /// Retrieval folds (5 for COCO 5×1K).
    public var folds: Int
    /// Tie rule for rank-based metrics.
    public var tieRule: TieRule
    /// Zero-shot class-names file (one per line).
    public var classNames: URL?
    /// Zero-shot templates file (one per line, `{}` for the class).
    public var templates: URL?
    /// VL-CheckList per-file cap (`nil`: no cap).
    public var maxPerFile: Int?

    /// Defaults matching the reference protocols.
    public init(
        split: String? = "test", seed: UInt64 = 0, steps: Int = 50, folds: Int = 1,
        tieRule: TieRule = .pessimistic, classNames: URL? = nil, templates: URL? = nil,
        maxPerFile: Int? = 1000
    ) {
        self.split = split
        self.seed = seed
        self.steps = steps
        self.folds = folds
        self.tieRule = tieRule
        self.classNames = classNames
        self.templates = templates
        self.maxPerFile = maxPerFile
    }
}

/// The suites `loupe eval` knows, by name.
public enum SuiteCatalog {
    /// Suite names accepted by ``make(_:data:images:options:)``.
    public static let names = [
        "retrieval", "zeroshot", "sugarcrepe", "aro", "valse", "vlchecklist", "winoground",
        "hierarcaps", "category-map",
    ]

    /// The data layout a suite expects (shown when data is missing).
    public static func expectedLayout(of suite: String) -> String {
        switch suite {
        case "retrieval": return CaptionSet.expectedLayout
        case "zeroshot": return ZeroShotData.expectedLayout
        case "sugarcrepe": return SugarCrepeData.expectedLayout
        case "aro": return AROData.expectedLayout
        case "valse": return VALSEData.expectedLayout
        case "vlchecklist": return VLCheckListData.expectedLayout
        case "winoground": return WinogroundData.expectedLayout
        case "hierarcaps": return HierarCapsData.expectedLayout
        case "category-map": return CategoryPairsData.expectedLayout
        default: return "one of: " + names.joined(separator: ", ")
        }
    }

    /// Builds suite `name` over `data` (file or folder) with optional image folders.
    /// - Throws: ``EvaluationError/missingData(suite:path:expected:)`` when `data` is absent or
    ///   the suite name is unknown; parse errors name the file, record and key.
    public static func make(
        _ name: String, data: URL, images: [URL] = [], options: SuiteOptions = SuiteOptions()
    ) throws -> any EvalSuite {
        guard FileManager.default.fileExists(atPath: data.path) else {
            throw EvaluationError.missingData(
                suite: name, path: data.path, expected: expectedLayout(of: name))
        }
        switch name {
        case "retrieval":
            return try RetrievalSuite(
                data: data, images: images, split: options.split, tieRule: options.tieRule,
                folds: options.folds)
        case "zeroshot":
            return try ZeroShotSuite(
                data: data, images: images, classNames: options.classNames,
                templates: options.templates, tieRule: options.tieRule)
        case "sugarcrepe": return SugarCrepeSuite(data: data, images: images)
        case "aro":
            return try AROSuite(
                data: data, images: images, split: options.split, seed: options.seed)
        case "valse": return VALSESuite(data: data, images: images)
        case "vlchecklist":
            return VLCheckListSuite(data: data, images: images, maxPerFile: options.maxPerFile)
        case "winoground":
            var file = data
            if isDirectory(data) {
                let names = ["examples.jsonl", "winoground_meta.csv"]
                file =
                    names.map { data.appendingPathComponent($0) }
                    .first { FileManager.default.fileExists(atPath: $0.path) }
                    ?? data.appendingPathComponent(names[0])
            }
            return try WinogroundSuite(data: file, images: images)
        case "hierarcaps":
            return try HierarCapsSuite(data: data, images: images, steps: options.steps)
        case "category-map": return try CategoryMAPSuite(data: data, images: images)
        default:
            throw EvaluationError.missingData(
                suite: name, path: data.path,
                expected: "a known suite: " + names.joined(separator: ", "))
        }
    }
}
