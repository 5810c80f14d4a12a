import CLIPModels
import Foundation
import NN
import TensorCore
import TestSupport
import Testing

/// Embeddings of the tiny reference models against open_clip and transformers
/// (fixtures from Tools/fixtures/make_clip_fixtures.py).
@Suite("CLIP forward parity with the reference libraries")
struct ReferenceParityTests {
    struct Expected {
        let pixels: Tensor, ids: [[Int]], image: Tensor, text: Tensor, logits: Tensor
        init(_ dir: String) throws {
            let f = try SafeTensorsFile(url: Fixtures.url("clip/\(dir)/expected.safetensors"))
            pixels = try f.tensor("pixels")
            let t = try f.tensor("token_ids")
            let (rows, length) = (t.shape[0], t.shape[1])
            ids = (0..<rows).map { r in (0..<length).map { Int(t.scalars[r * length + $0]) } }
            image = try f.tensor("image_features")
            text = try f.tensor("text_features")
            logits = try f.tensor("logits_per_image")
        }
    }

    static func check(_ dir: String, layout: CheckpointLayout) throws -> LoadedCLIP {
        let loaded = try CLIPLoader.load(Fixtures.url("clip/\(dir)"))
        #expect(loaded.layout == layout)
        let e = try Expected(dir)
        let m = loaded.model
        let image = noGrad { m.encodeImage(e.pixels) }
        let text = noGrad { m.encodeText(e.ids) }
        let logits = noGrad { m.logits(imageFeatures: image, textFeatures: text) }
        #expect(image.shape == e.image.shape && text.shape == e.text.shape)
        assertClose(image.scalars, e.image.scalars, rtol: 1e-4, atol: 1e-5, "\(dir) image features")
        assertClose(text.scalars, e.text.scalars, rtol: 1e-4, atol: 1e-5, "\(dir) text features")
        assertClose(logits.scalars, e.logits.scalars, rtol: 1e-4, atol: 1e-4, "\(dir) logits")
        #expect(relativeNormError(image.scalars, e.image.scalars) < 1e-5)
        #expect(relativeNormError(text.scalars, e.text.scalars) < 1e-5)
        return loaded
    }

    @Test("OpenCLIP layout, QuickGELU, head width ≠ 64, perturbed LayerNorms")
    func openCLIP() throws {
        let loaded = try Self.check("openclip-tiny", layout: .openCLIP)
        let c = loaded.model.config
        #expect(c.vision.activation == .quickGELU && c.vision.heads == 2 && c.text.heads == 2)
    }

    @Test("Hugging Face layout, GELU, eps 1e-6, padded to the longest text")
    func huggingFace() throws {
        let loaded = try Self.check("hf-tiny", layout: .huggingFace)
        let c = loaded.model.config
        #expect(c.text.activation == .gelu && c.vision.layerNormEps == 1e-6 && c.text.mlpHidden == 40)
        #expect(c.vision.imageSize == 40 && c.vision.patchSize == 10 && c.text.pooling == .eos)
    }
}
