import TensorCore

/// The key layouts CLIP weights are published in (REFERENCE.md §3).
public enum CheckpointLayout: String, Sendable, Codable {
    /// OpenAI / OpenCLIP `CLIP`: `visual.*`, `token_embedding.weight`, `transformer.resblocks.*`, …
    case openCLIP = "openclip"
    /// OpenCLIP `CustomTextCLIP`: the text tower under `text.*`.
    case openCLIPCustomText = "openclip-custom-text"
    /// Hugging Face `CLIPModel` and its with-projection subsets: `vision_model.*`, `text_model.*`.
    case huggingFace = "huggingface"
}

/// Conversions between checkpoint key layouts. Loupe's models use OpenCLIP's legacy names.
public enum CheckpointKeys {
    /// Drops training wrappers: a DDP `module.` prefix on every key and ignorable buffers.
    public static func stripWrappers(_ weights: [String: Tensor]) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        let allPrefixed = !weights.isEmpty && weights.keys.allSatisfy { $0.hasPrefix("module.") }
        for (k, v) in weights {
            let key = allPrefixed ? String(k.dropFirst("module.".count)) : k
            if key.hasSuffix("position_ids") || key == "attn_mask" || key.hasSuffix(".attn_mask")
                || ["input_resolution", "context_length", "vocab_size"].contains(key) { continue }
            out[key] = v
        }
        return out
    }

    /// Recognises the layout from the key set.
    public static func detectLayout(_ keys: some Collection<String>) throws -> CheckpointLayout {
        if keys.contains(where: { $0.hasPrefix("vision_model.") || $0.hasPrefix("text_model.") }) { return .huggingFace }
        if keys.contains(where: { $0.hasPrefix("visual.trunk.") }) {
            throw ConfigurationError.unsupported("timm vision towers (visual.trunk.*) are not supported; ViT CLIP towers only")
        }
        if keys.contains(where: { $0.hasPrefix("visual.layer1.") || $0.hasPrefix("visual.attnpool.") }) {
            throw ConfigurationError.unsupported("ResNet CLIP towers (visual.layer1.*, visual.attnpool.*) are not supported; ViT CLIP towers only")
        }
        if keys.contains(where: { $0.hasPrefix("text.") }) { return .openCLIPCustomText }
        if keys.contains(where: { $0.hasPrefix("visual.") || $0 == "token_embedding.weight" }) { return .openCLIP }
        throw ConfigurationError.unsupported(
            "the weights are in no known CLIP layout (expected keys like visual.conv1.weight, token_embedding.weight or vision_model.*)")
    }

    /// Weights in Loupe's (OpenCLIP legacy) names, whatever layout they came in.
    public static func toOpenCLIP(_ weights: [String: Tensor], layout: CheckpointLayout) throws -> [String: Tensor] {
        switch layout {
        case .openCLIP: return weights
        case .openCLIPCustomText:
            var out: [String: Tensor] = [:]
            for (k, v) in weights {
                guard k.hasPrefix("text.") else { out[k] = v; continue }
                out[String(k.dropFirst(5))] = v
            }
            return out
        case .huggingFace: return try huggingFaceToOpenCLIP(weights)
        }
    }

    static let blockRenames: [(hf: String, open: String)] = [
        ("layer_norm1", "ln_1"), ("layer_norm2", "ln_2"), ("self_attn.out_proj", "attn.out_proj"),
        ("mlp.fc1", "mlp.c_fc"), ("mlp.fc2", "mlp.c_proj"),
    ]

    static let towerRenames: [(hf: String, open: String)] = [
        ("vision_model.embeddings.patch_embedding.weight", "visual.conv1.weight"),
        ("vision_model.embeddings.class_embedding", "visual.class_embedding"),
        ("vision_model.embeddings.position_embedding.weight", "visual.positional_embedding"),
        ("vision_model.pre_layrnorm.weight", "visual.ln_pre.weight"),
        ("vision_model.pre_layrnorm.bias", "visual.ln_pre.bias"),
        ("vision_model.post_layernorm.weight", "visual.ln_post.weight"),
        ("vision_model.post_layernorm.bias", "visual.ln_post.bias"),
        ("text_model.embeddings.token_embedding.weight", "token_embedding.weight"),
        ("text_model.embeddings.position_embedding.weight", "positional_embedding"),
        ("text_model.final_layer_norm.weight", "ln_final.weight"),
        ("text_model.final_layer_norm.bias", "ln_final.bias"),
        ("logit_scale", "logit_scale"),
    ]

    /// HF `CLIPModel` keys → OpenCLIP keys: q/k/v fused into `in_proj`, projections transposed.
    static func huggingFaceToOpenCLIP(_ w: [String: Tensor]) throws -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        var used = Set<String>()
        func take(_ k: String) -> Tensor? {
            guard let v = w[k] else { return nil }
            used.insert(k)
            return v
        }
        for (hf, open) in towerRenames { if let v = take(hf) { out[open] = v } }
        if let s = out["logit_scale"] { out["logit_scale"] = s.reshaped([]) }
        if let p = take("visual_projection.weight") { out["visual.proj"] = p.T }
        if let p = take("text_projection.weight") { out["text_projection"] = p.T }
        for (hfTower, openTower) in [("vision_model.encoder.layers.", "visual.transformer.resblocks."),
                                     ("text_model.encoder.layers.", "transformer.resblocks.")] {
            let indices = Set(w.keys.compactMap { k -> Int? in
                guard k.hasPrefix(hfTower) else { return nil }
                return Int(k.dropFirst(hfTower.count).prefix { $0 != "." })
            })
            for i in indices.sorted() {
                let src = "\(hfTower)\(i).", dst = "\(openTower)\(i)."
                for suffix in ["weight", "bias"] {
                    let parts = ["q", "k", "v"].map { take("\(src)self_attn.\($0)_proj.\(suffix)") }
                    if parts.allSatisfy({ $0 != nil }) {
                        out["\(dst)attn.in_proj_\(suffix)"] = Tensor.concatenate(parts.map { $0! }, axis: 0)
                    } else if parts.contains(where: { $0 != nil }) {
                        throw ConfigurationError.unsupported("\(src)self_attn: q, k and v projections must all be present")
                    }
                    for (hf, open) in blockRenames {
                        if let v = take("\(src)\(hf).\(suffix)") { out["\(dst)\(open).\(suffix)"] = v }
                    }
                }
            }
        }
        // Unknown keys pass through so strict loading can name them.
        for (k, v) in w where !used.contains(k) { out["hf:" + k] = v }
        return out
    }

    /// OpenCLIP keys → HF `CLIPModel` keys (the inverse of ``toOpenCLIP(_:layout:)`` for HF).
    public static func openCLIPToHuggingFace(_ w: [String: Tensor]) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (hf, open) in towerRenames { if let v = w[open] { out[hf] = v } }
        if let p = w["visual.proj"] { out["visual_projection.weight"] = p.T }
        if let p = w["text_projection"] { out["text_projection.weight"] = p.T }
        for (openTower, hfTower) in [("visual.transformer.resblocks.", "vision_model.encoder.layers."),
                                     ("transformer.resblocks.", "text_model.encoder.layers.")] {
            for (k, v) in w where k.hasPrefix(openTower) {
                let rest = String(k.dropFirst(openTower.count))
                let i = rest.prefix { $0 != "." }
                let local = String(rest.dropFirst(i.count + 1))
                let dst = "\(hfTower)\(i)."
                if local.hasPrefix("attn.in_proj_") {
                    let suffix = local.hasSuffix("weight") ? "weight" : "bias"
                    let width = v.shape[0] / 3
                    for (j, name) in ["q", "k", "v"].enumerated() {
                        out["\(dst)self_attn.\(name)_proj.\(suffix)"] = v.slice(axis: 0, (j * width)..<((j + 1) * width))
                    }
                } else if let r = blockRenames.first(where: { local.hasPrefix($0.open + ".") }) {
                    out[dst + r.hf + local.dropFirst(r.open.count)] = v
                }
            }
        }
        return out
    }
}
