import Foundation

extension PreprocessConfig {
    /// Reads a transformers `preprocessor_config.json` (CLIP-style image processors).
    ///
    /// Understood keys: `size` (legacy int = shortest edge, `{"shortest_edge": n}`, or
    /// `{"height": h, "width": w}` = squash), `crop_size` (int or `{"height", "width"}`),
    /// `do_resize`, `do_center_crop`, `resample` (Pillow constant), `do_rescale`,
    /// `rescale_factor`, `do_normalize`, `image_mean`, `image_std`. Missing keys take
    /// `CLIPImageProcessor` defaults. The result uses the transformers layout: floor crop and
    /// RGB conversion first.
    ///
    /// - Throws: ``ImageDecodingError/invalidConfiguration(path:reason:)`` for unreadable JSON,
    ///   non-square outputs or unsupported values.
    public init(huggingFaceConfigAt url: URL) throws {
        let json = try Self.readJSON(url)
        try self.init(huggingFaceConfig: json, path: url.path)
    }

    /// Parses an already decoded `preprocessor_config.json` dictionary.
    public init(huggingFaceConfig json: [String: Any], path: String = "<memory>") throws {
        func invalid(_ reason: String) -> ImageDecodingError {
            .invalidConfiguration(path: path, reason: reason)
        }
        var config = PreprocessConfig.huggingFaceCLIP()
        var squash = false
        var shortest = 224
        switch json["size"] {
        case nil: break
        case let n as Int: shortest = n
        case let size as [String: Any]:
            if let edge = size["shortest_edge"] as? Int {
                guard size["longest_edge"] == nil else {
                    throw invalid("size.longest_edge is not supported")
                }
                shortest = edge
            } else if let h = size["height"] as? Int, let w = size["width"] as? Int {
                guard h == w else { throw invalid("non-square size \(h)×\(w) is not supported") }
                squash = true
                shortest = h
            } else {
                throw invalid("size must hold shortest_edge or height and width")
            }
        default: throw invalid("size must be an integer or an object")
        }
        var crop = shortest
        switch json["crop_size"] {
        case nil: break
        case let n as Int: crop = n
        case let size as [String: Any]:
            guard let h = size["height"] as? Int, let w = size["width"] as? Int, h == w else {
                throw invalid("crop_size must be square {height, width}")
            }
            crop = h
        default: throw invalid("crop_size must be an integer or an object")
        }
        if (json["do_resize"] as? Bool) == false {
            throw invalid("do_resize=false is not supported")
        }
        config.centerCrop = (json["do_center_crop"] as? Bool) ?? true
        if squash {
            config.resizeMode = .squash
            config.imageSize = config.centerCrop ? crop : shortest
            config.shortestEdge = shortest
            guard !config.centerCrop || crop <= shortest else {
                throw invalid("crop_size \(crop) larger than squashed size \(shortest)")
            }
            if config.centerCrop && crop != shortest {
                throw invalid("cropping a squashed image is not supported")
            }
        } else {
            config.shortestEdge = shortest
            config.imageSize = config.centerCrop ? crop : shortest
        }
        if let resample = json["resample"] {
            guard let value = resample as? Int, let filter = ResampleFilter(pillowValue: value)
            else { throw invalid("resample must be a Pillow filter number") }
            config.interpolation = filter
        }
        let doRescale = (json["do_rescale"] as? Bool) ?? true
        let factor = (json["rescale_factor"] as? Double) ?? (1.0 / 255.0)
        config.rescale = .factor(doRescale ? factor : 1.0)
        if (json["do_normalize"] as? Bool) == false {
            config.mean = [0, 0, 0]
            config.std = [1, 1, 1]
        } else {
            config.mean = try Self.triple(json["image_mean"], or: config.mean, "image_mean", path)
            config.std = try Self.triple(json["image_std"], or: config.std, "image_std", path)
        }
        self = config
    }

    /// Reads a JSON object from disk.
    static func readJSON(_ url: URL) throws -> [String: Any] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ImageDecodingError.invalidConfiguration(
                path: url.path, reason: error.localizedDescription)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ImageDecodingError.invalidConfiguration(
                path: url.path, reason: "not a JSON object")
        }
        return object
    }

    /// A three-value list, or one number repeated (open_clip accepts both).
    static func triple(
        _ value: Any?, or fallback: [Float], _ key: String, _ path: String
    ) throws -> [Float] {
        switch value {
        case nil: return fallback
        case let number as Double: return [Float](repeating: Float(number), count: 3)
        case let list as [Double] where list.count == 3: return list.map(Float.init)
        case let list as [Double] where list.count == 1:
            return [Float](repeating: Float(list[0]), count: 3)
        default:
            throw ImageDecodingError.invalidConfiguration(
                path: path, reason: "\(key) must be a number or three numbers")
        }
    }
}
