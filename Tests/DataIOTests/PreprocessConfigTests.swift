import DataIO
import Foundation
import Testing

@Suite("Preprocessing configuration files")
struct PreprocessConfigTests {
    private func json(_ relative: String) throws -> [String: Any] {
        let data = try Data(contentsOf: Fixtures.image(relative))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("New-style preprocessor_config.json")
    func huggingFaceNew() throws {
        let path = "configs/hf_new/preprocessor_config.json"
        let raw = try json(path)
        let config = try PreprocessConfig(huggingFaceConfigAt: Fixtures.image(path))
        let size = try #require(raw["size"] as? [String: Any])
        #expect(config.shortestEdge == size["shortest_edge"] as? Int)
        #expect(config.imageSize == (raw["crop_size"] as? [String: Any])?["height"] as? Int)
        #expect(config.mean == (raw["image_mean"] as? [Double])?.map(Float.init))
        #expect(config.std == (raw["image_std"] as? [Double])?.map(Float.init))
        #expect(config.interpolation.pillowValue == raw["resample"] as? Int)
        #expect(config.resizeMode == .shortest)
        #expect(config.cropRounding == .floor)
        #expect(config.colourOrder == .convertFirst)
        #expect(config.rescale == .factor(try #require(raw["rescale_factor"] as? Double)))
    }

    @Test("Legacy preprocessor_config.json (integer size and crop_size)")
    func huggingFaceLegacy() throws {
        let path = "configs/hf_legacy/preprocessor_config.json"
        let raw = try json(path)
        let config = try PreprocessConfig(huggingFaceConfigAt: Fixtures.image(path))
        #expect(config.shortestEdge == raw["size"] as? Int)
        #expect(config.imageSize == raw["crop_size"] as? Int)
        #expect(config.interpolation == .bilinear)
        #expect(config.rescale == .factor(1.0 / 255.0))
    }

    @Test("Squash-style sizes and disabled normalisation")
    func huggingFaceSquash() throws {
        let config = try PreprocessConfig(huggingFaceConfig: [
            "size": ["height": 384, "width": 384], "do_center_crop": false,
            "do_normalize": false, "resample": 2,
        ])
        #expect(config.resizeMode == .squash)
        #expect(config.imageSize == 384)
        #expect(config.mean == [0, 0, 0] && config.std == [1, 1, 1])
        #expect(throws: ImageDecodingError.self) {
            try PreprocessConfig(huggingFaceConfig: ["size": ["height": 384, "width": 256]])
        }
    }

    @Test("open_clip_config.json preprocess_cfg")
    func openCLIP() throws {
        let path = "configs/openclip_longest.json"
        let raw = try json(path)
        let preprocess = try #require(raw["preprocess_cfg"] as? [String: Any])
        let config = try PreprocessConfig(openCLIPConfigAt: Fixtures.image(path))
        let vision = (raw["model_cfg"] as? [String: Any])?["vision_cfg"] as? [String: Any]
        #expect(config.imageSize == vision?["image_size"] as? Int)
        #expect(config.resizeMode.rawValue == preprocess["resize_mode"] as? String)
        #expect(config.fill == preprocess["fill_color"] as? Int)
        #expect(config.interpolation == .bilinear)
        #expect(config.mean == (preprocess["mean"] as? [Double])?.map(Float.init))
        #expect(config.cropRounding == .roundHalfEven)
        #expect(config.colourOrder == .convertLast)
        #expect(config.rescale == .toTensor)
    }

    @Test("A missing configuration file is reported with its path")
    func missingFile() {
        let url = Fixtures.image("configs/none.json")
        do {
            _ = try PreprocessConfig(openCLIPConfigAt: url)
            Issue.record("parsed a missing file")
        } catch {
            #expect(String(describing: error).contains(url.path))
        }
    }
}
