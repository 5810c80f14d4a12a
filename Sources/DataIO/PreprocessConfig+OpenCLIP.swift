import Foundation

extension PreprocessConfig {
    /// Reads an `open_clip_config.json` (`preprocess_cfg` plus `model_cfg.vision_cfg.image_size`,
    /// which open_clip lets override the preprocessing size).
    ///
    /// Understood `preprocess_cfg` keys: `size`, `mean`, `std` (three numbers or one),
    /// `interpolation` (`bicubic`, `bilinear`; `random` means bicubic at inference),
    /// `resize_mode` (`shortest`, `longest`, `squash`), `fill_color`. The result uses the
    /// OpenAI/OpenCLIP layout: torchvision crop rounding and RGB conversion last.
    ///
    /// - Throws: ``ImageDecodingError/invalidConfiguration(path:reason:)``.
    public init(openCLIPConfigAt url: URL) throws {
        let json = try Self.readJSON(url)
        try self.init(openCLIPConfig: json, path: url.path)
    }

    /// Parses an already decoded `open_clip_config.json` dictionary.
    public init(openCLIPConfig json: [String: Any], path: String = "<memory>") throws {
        func invalid(_ reason: String) -> ImageDecodingError {
            .invalidConfiguration(path: path, reason: reason)
        }
        let preprocess = json["preprocess_cfg"] as? [String: Any] ?? [:]
        let vision = (json["model_cfg"] as? [String: Any])?["vision_cfg"] as? [String: Any]
        func side(_ value: Any?) throws -> Int? {
            switch value {
            case nil: return nil
            case let n as Int: return n
            case let pair as [Int] where pair.count == 2:
                guard pair[0] == pair[1] else {
                    throw invalid("non-square image size \(pair) is not supported")
                }
                return pair[0]
            default: throw invalid("size must be an integer or [height, width]")
            }
        }
        var config = PreprocessConfig.openAI
        config.imageSize = try side(vision?["image_size"]) ?? side(preprocess["size"]) ?? 224
        config.shortestEdge = config.imageSize
        config.mean = try Self.triple(preprocess["mean"], or: config.mean, "mean", path)
        config.std = try Self.triple(preprocess["std"], or: config.std, "std", path)
        switch preprocess["interpolation"] as? String {
        case nil, "bicubic", "random": config.interpolation = .bicubic
        case "bilinear": config.interpolation = .bilinear
        case let other?: throw invalid("unsupported interpolation \(other)")
        }
        if let mode = preprocess["resize_mode"] as? String {
            guard let parsed = ResizeMode(rawValue: mode) else {
                throw invalid("unsupported resize_mode \(mode)")
            }
            config.resizeMode = parsed
        }
        if let fill = preprocess["fill_color"] as? Int { config.fill = fill }
        self = config
    }
}
