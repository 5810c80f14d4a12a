import CLIPModels
import Foundation
import TensorCore
import TestSupport
import Testing

/// The same fixture weights re-packed in the other published forms load to the same outputs.
@Suite("Checkpoint layout variants")
struct LayoutVariantTests {
    let dir: URL
    let expected: ReferenceParityTests.Expected

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-layouts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        expected = try ReferenceParityTests.Expected("hf-tiny")
    }

    func copyConfig(_ from: String, _ file: String, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.url("clip/\(from)/\(file)"), to: folder.appendingPathComponent(file))
    }

    @Test("a sharded HF checkpoint loads through model.safetensors.index.json")
    func sharded() throws {
        let weights = try SafeTensors.read(Fixtures.url("clip/hf-tiny/model.safetensors"))
        let folder = dir.appendingPathComponent("sharded")
        try copyConfig("hf-tiny", "config.json", to: folder)
        let names = weights.keys.sorted()
        let half = names.count / 2
        var map: [String: String] = [:]
        for (i, part) in [Array(names[..<half]), Array(names[half...])].enumerated() {
            let file = "model-0000\(i + 1)-of-00002.safetensors"
            try SafeTensors.write(Dictionary(uniqueKeysWithValues: part.map { ($0, weights[$0]!) }),
                                  to: folder.appendingPathComponent(file))
            for n in part { map[n] = file }
        }
        let index = try JSONSerialization.data(withJSONObject: ["metadata": [:], "weight_map": map])
        try index.write(to: folder.appendingPathComponent("model.safetensors.index.json"))
        let loaded = try CLIPLoader.load(folder)
        #expect(loaded.weightFiles.count == 2)
        let image = noGrad { loaded.model.encodeImage(expected.pixels) }
        assertClose(image.scalars, expected.image.scalars, rtol: 1e-4, atol: 1e-5, "sharded image features")
    }

    @Test("OpenCLIP text.-prefixed (CustomTextCLIP) and module.-prefixed weights")
    func prefixed() throws {
        let oc = try SafeTensors.read(Fixtures.url("clip/openclip-tiny/open_clip_model.safetensors"))
        let e = try ReferenceParityTests.Expected("openclip-tiny")
        for (name, rename) in [("custom-text", { (k: String) in k.hasPrefix("visual.") || k == "logit_scale" ? k : "text." + k }),
                               ("ddp", { (k: String) in "module." + k })] {
            let folder = dir.appendingPathComponent(name)
            try copyConfig("openclip-tiny", "open_clip_config.json", to: folder)
            try SafeTensors.write(Dictionary(uniqueKeysWithValues: oc.map { (rename($0.key), $0.value) }),
                                  to: folder.appendingPathComponent("open_clip_model.safetensors"))
            let loaded = try CLIPLoader.load(folder)
            #expect(loaded.layout == (name == "custom-text" ? .openCLIPCustomText : .openCLIP))
            let text = noGrad { loaded.model.encodeText(e.ids) }
            assertClose(text.scalars, e.text.scalars, rtol: 1e-4, atol: 1e-5, "\(name) text features")
        }
    }

    @Test("HF CLIPVisionModelWithProjection subset: image features load, text tower absent")
    func visionSubset() throws {
        let weights = try SafeTensors.read(Fixtures.url("clip/hf-tiny/model.safetensors"))
        let folder = dir.appendingPathComponent("vision-only")
        try copyConfig("hf-tiny", "config.json", to: folder)
        try SafeTensors.write(weights.filter { $0.key.hasPrefix("vision_model.") || $0.key == "visual_projection.weight" },
                              to: folder.appendingPathComponent("model.safetensors"))
        let loaded = try CLIPLoader.load(folder)
        #expect(loaded.hasImageTower && !loaded.hasTextTower)
        let image = noGrad { loaded.model.encodeImage(expected.pixels) }
        assertClose(image.scalars, expected.image.scalars, rtol: 1e-4, atol: 1e-5, "vision subset image features")
    }
}
