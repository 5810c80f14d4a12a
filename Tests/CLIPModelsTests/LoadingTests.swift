import CLIPModels
import Foundation
import NN
import TensorCore
import TestSupport
import Testing

@Suite("Checkpoint loading, errors and export")
struct LoadingTests {
    let dir: URL
    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-clip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func features(_ m: CLIPModel, _ e: ReferenceParityTests.Expected) -> ([Float], [Float]) {
        noGrad { (m.encodeImage(e.pixels).scalars, m.encodeText(e.ids).scalars) }
    }

    @Test("export to both layouts and reload gives identical outputs", arguments: ["openclip-tiny", "hf-tiny"])
    func exportRoundTrip(_ name: String) throws {
        let loaded = try CLIPLoader.load(Fixtures.url("clip/\(name)"))
        let e = try ReferenceParityTests.Expected(name)
        let reference = features(loaded.model, e)
        for layout in [CheckpointLayout.openCLIP, .huggingFace] {
            let out = dir.appendingPathComponent("\(name)-\(layout.rawValue)")
            try CLIPExporter.export(loaded.model, to: out, layout: layout, preprocess: ([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]))
            let back = try CLIPLoader.load(out)
            #expect(back.layout == layout)
            #expect(back.model.config == loaded.model.config, "\(layout) config round trip")
            let again = features(back.model, e)
            #expect(again.0 == reference.0 && again.1 == reference.1, "\(layout) outputs differ after export")
        }
    }

    @Test("a .safetensors file with a config file, and shape inference with explicit hints")
    func singleFileAndInference() throws {
        let src = Fixtures.url("clip/openclip-tiny")
        let weights = src.appendingPathComponent("open_clip_model.safetensors")
        let withConfig = try CLIPLoader.load(weights, configFile: src.appendingPathComponent("open_clip_config.json"))
        #expect(withConfig.model.config.vision.heads == 2)
        #expect(throws: ConfigurationError.self) { try CLIPLoader.load(weights) }
        do {
            _ = try CLIPLoader.load(weights)
        } catch {
            #expect("\(error)".contains("--activation") && "\(error)".contains("--head-width"))
        }
        let inferred = try CLIPLoader.load(weights, hints: ArchitectureHints(activation: .quickGELU, headWidth: 16))
        var expected = withConfig.model.config
        expected.text.heads = 1  // text width 16 / head width 16: inference cannot know the text uses 8
        #expect(inferred.model.config.vision == expected.vision)
        #expect(inferred.model.config.embedDim == expected.embedDim)
    }

    @Test("HF config.json with only non-default fields gets CLIPConfig defaults")
    func huggingFaceDefaults() throws {
        let url = dir.appendingPathComponent("config.json")
        try Data(#"{"text_config": {"hidden_act": "gelu"}, "vision_config": {"hidden_act": "gelu"}}"#.utf8).write(to: url)
        let c = try CLIPConfiguration.fromHuggingFace(url)
        #expect(c.embedDim == 512 && c.text.width == 512 && c.text.heads == 8 && c.text.layers == 12)
        #expect(c.vision.width == 768 && c.vision.heads == 12 && c.vision.patchSize == 32 && c.vision.imageSize == 224)
        #expect(c.text.activation == .gelu && c.vision.activation == .gelu && c.text.contextLength == 77)
        try Data(#"{"text_config": {"hidden_act": "swish"}}"#.utf8).write(to: url)
        #expect(throws: ConfigurationError.self) { try CLIPConfiguration.fromHuggingFace(url) }
    }

    @Test("a missing key, a wrong shape and a truncated file are clear errors naming the file and key")
    func badCheckpoints() throws {
        let src = Fixtures.url("clip/hf-tiny")
        var weights = try SafeTensors.read(src.appendingPathComponent("model.safetensors"))
        let broken = dir.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: src.appendingPathComponent("config.json"), to: broken.appendingPathComponent("config.json"))
        weights["text_model.final_layer_norm.weight"] = nil
        weights["vision_model.post_layernorm.bias"] = .zeros([7])
        try SafeTensors.write(weights, to: broken.appendingPathComponent("model.safetensors"))
        do {
            _ = try CLIPLoader.load(broken)
            Issue.record("loaded a broken checkpoint")
        } catch {
            let message = "\(error)"
            #expect(message.contains("model.safetensors"))
            #expect(message.contains("ln_final.weight"), "missing key not named: \(message)")
            #expect(message.contains("visual.ln_post.bias") && message.contains("[7]"), "shape not named: \(message)")
        }

        let data = try Data(contentsOf: src.appendingPathComponent("model.safetensors"))
        try data.prefix(data.count / 2).write(to: broken.appendingPathComponent("model.safetensors"))
        #expect(throws: SafeTensorsError.self) { try CLIPLoader.load(broken) }
    }

    @Test("layout detection: DDP prefix stripped, ResNet and timm towers refused")
    func layouts() throws {
        let w: [String: Tensor] = ["module.visual.conv1.weight": .zeros([1]), "module.token_embedding.weight": .zeros([1])]
        let stripped = CheckpointKeys.stripWrappers(w)
        #expect(Set(stripped.keys) == ["visual.conv1.weight", "token_embedding.weight"])
        #expect(try CheckpointKeys.detectLayout(stripped.keys) == .openCLIP)
        #expect(try CheckpointKeys.detectLayout(["text.token_embedding.weight", "visual.conv1.weight"]) == .openCLIPCustomText)
        #expect(throws: ConfigurationError.self) { try CheckpointKeys.detectLayout(["visual.layer1.0.conv1.weight"]) }
        #expect(throws: ConfigurationError.self) { try CheckpointKeys.detectLayout(["visual.trunk.blocks.0.norm1.weight"]) }
    }
}
