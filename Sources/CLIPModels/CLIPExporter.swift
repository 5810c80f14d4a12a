import Foundation
import NN
import TensorCore

/// Writes a model back as a loadable directory in either published layout.
public enum CLIPExporter {
    /// Writes `model` to `directory` as OpenCLIP (`open_clip_config.json` +
    /// `open_clip_model.safetensors`) or Hugging Face (`config.json` + `model.safetensors`).
    /// `preprocessCfg` (OpenCLIP) / `preprocessorConfig` (HF) are written alongside when given.
    public static func export(
        _ model: CLIPModel, to directory: URL, layout: CheckpointLayout,
        preprocess: (mean: [Float], std: [Float])? = nil
    ) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let c = model.config
        let state = model.stateDict()
        switch layout {
        case .openCLIP, .openCLIPCustomText:
            guard c.vision.activation == c.text.activation,
                  [.gelu, .quickGELU].contains(c.vision.activation) else {
                throw ConfigurationError.unsupported(
                    "OpenCLIP configs have one activation for both towers (gelu or quick_gelu); this model has \(c.vision.activation.rawValue) / \(c.text.activation.rawValue)")
            }
            var vision: [String: Any] = [
                "image_size": c.vision.imageSize, "patch_size": c.vision.patchSize, "width": c.vision.width,
                "layers": c.vision.layers, "head_width": c.vision.headWidth,
                "mlp_ratio": Double(c.vision.mlpHidden) / Double(c.vision.width),
            ]
            var text: [String: Any] = [
                "context_length": c.text.contextLength, "vocab_size": c.text.vocabSize, "width": c.text.width,
                "heads": c.text.heads, "layers": c.text.layers,
                "mlp_ratio": Double(c.text.mlpHidden) / Double(c.text.width), "proj_bias": c.text.projectionBias,
                "pool_type": c.text.pooling.rawValue,
            ]
            if c.text.pooling == .eos { text["eos_id"] = c.text.eosTokenID }
            if c.vision.layerNormEps != 1e-5 { vision["norm_kwargs"] = ["eps": Double(c.vision.layerNormEps)] }
            if c.text.layerNormEps != 1e-5 { text["norm_kwargs"] = ["eps": Double(c.text.layerNormEps)] }
            var root: [String: Any] = ["model_cfg": [
                "embed_dim": c.embedDim, "quick_gelu": c.vision.activation == .quickGELU,
                "init_logit_scale": Double(c.logitScaleInit),
                "vision_cfg": vision, "text_cfg": text,
            ] as [String: Any]]
            if let preprocess {
                root["preprocess_cfg"] = ["mean": preprocess.mean.map(Double.init), "std": preprocess.std.map(Double.init),
                                          "interpolation": "bicubic", "resize_mode": "shortest"]
            }
            try writeJSON(root, to: directory.appendingPathComponent("open_clip_config.json"))
            try SafeTensors.write(state, to: directory.appendingPathComponent("open_clip_model.safetensors"))
        case .huggingFace:
            guard !c.text.projectionBias else {
                throw ConfigurationError.unsupported("HF CLIPModel has no biased text projection; export as OpenCLIP")
            }
            func act(_ a: Activation) -> String { a == .quickGELU ? "quick_gelu" : a.rawValue }
            let root: [String: Any] = [
                "architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": c.embedDim,
                "logit_scale_init_value": Double(c.logitScaleInit),
                "text_config": [
                    "vocab_size": c.text.vocabSize, "hidden_size": c.text.width, "intermediate_size": c.text.mlpHidden,
                    "num_hidden_layers": c.text.layers, "num_attention_heads": c.text.heads,
                    "max_position_embeddings": c.text.contextLength, "hidden_act": act(c.text.activation),
                    "layer_norm_eps": Double(c.text.layerNormEps), "bos_token_id": 49406,
                    "eos_token_id": c.text.pooling == .argmax ? 2 : c.text.eosTokenID, "pad_token_id": 1,
                    "projection_dim": c.embedDim,
                ] as [String: Any],
                "vision_config": [
                    "hidden_size": c.vision.width, "intermediate_size": c.vision.mlpHidden,
                    "num_hidden_layers": c.vision.layers, "num_attention_heads": c.vision.heads,
                    "image_size": c.vision.imageSize, "patch_size": c.vision.patchSize,
                    "hidden_act": act(c.vision.activation), "layer_norm_eps": Double(c.vision.layerNormEps),
                    "projection_dim": c.embedDim,
                ] as [String: Any],
            ]
            try writeJSON(root, to: directory.appendingPathComponent("config.json"))
            if let preprocess {
                let s = c.vision.imageSize
                try writeJSON([
                    "image_processor_type": "CLIPImageProcessor", "do_resize": true, "size": ["shortest_edge": s],
                    "resample": 3, "do_center_crop": true, "crop_size": ["height": s, "width": s],
                    "do_rescale": true, "rescale_factor": 1.0 / 255, "do_normalize": true, "do_convert_rgb": true,
                    "image_mean": preprocess.mean.map(Double.init), "image_std": preprocess.std.map(Double.init),
                ], to: directory.appendingPathComponent("preprocessor_config.json"))
            }
            try SafeTensors.write(CheckpointKeys.openCLIPToHuggingFace(state),
                                  to: directory.appendingPathComponent("model.safetensors"), metadata: ["format": "pt"])
        }
    }

    static func writeJSON(_ object: Any, to url: URL) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: url, options: .atomic)
    }
}
