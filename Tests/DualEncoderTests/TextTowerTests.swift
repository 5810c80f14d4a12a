import CLIPModels
import DualEncoder
import Foundation
import NN
import TensorCore
import Testing
import Training

/// The text-tower seam with both towers: output shapes, and that an optimizer step moves exactly
/// the parameters that are meant to train (frozen ones stay bitwise equal).
@Suite("Dual-encoder text towers")
struct TextTowerTests {
    /// One InfoNCE + AdamW step; returns the names of parameters whose values changed.
    func changedAfterStep(_ model: DualEncoderModel) -> Set<String> {
        let before = model.stateDict().mapValues(\.scalars)
        model.train(true)
        model.zeroGrad()
        let n = TestWorld.captions.count
        let image = model.encodeImage(TestWorld.pixels(n)).l2Normalized()
        let text = model.encodeText(TestWorld.captions).l2Normalized()
        infoNCELoss(image: image, text: text, logitScale: model.logitScale.value).backward()
        AdamW(learningRate: 1e-2, weightDecay: 0.1).update(model.namedParameters())
        let after = model.stateDict().mapValues(\.scalars)
        return Set(before.keys.filter { before[$0]! != after[$0]! })
    }

    @Test("sentence tower: [B, D] features, truncation at the encoder's own length")
    func sentenceShapes() {
        let model = TestWorld.sentenceModel(dim: 16)
        let out = noGrad { model.encodeText(TestWorld.captions) }
        #expect(out.shape == [4, 16])
        #expect(model.textTower.contextTokens == 24)
        let long = Array(repeating: "word", count: 100).joined(separator: " ")
        #expect(model.textTower.countTokens(long) == 102)
        // Longer than 77 CLIP tokens still encodes (cut to the encoder's 24).
        #expect(noGrad { model.encodeText([long]) }.shape == [1, 16])
        #expect(model.namedParameters().map(\.0).contains("text.projection.weight"))
        #expect(model.namedParameters().map(\.0).contains("text.encoder.transformer.resblocks.2.attn.in_proj_weight"))
    }

    @Test("frozen sentence encoder: its parameters are bitwise unchanged after a step; projection and image tower move")
    func frozen() {
        let model = TestWorld.sentenceModel()
        (model.textTower as! SentenceTextTower).setTrainability(.frozen)
        let changed = changedAfterStep(model)
        #expect(!changed.contains { $0.hasPrefix("text.encoder.") })
        #expect(changed.contains("text.projection.weight"))
        #expect(changed.contains("visual.conv1.weight"))
        #expect(changed.contains("logit_scale"))
    }

    @Test("top-k unfreezing moves exactly the top k layers of the encoder")
    func topK() {
        for k in [1, 2] {
            let model = TestWorld.sentenceModel()
            let tower = model.textTower as! SentenceTextTower
            tower.setTrainability(.topLayers(k))
            let changed = changedAfterStep(model).filter { $0.hasPrefix("text.encoder.") }
            let layers = (3 - k)..<3
            let expected = Set(tower.encoder.namedParameters(prefix: "text.encoder.").map(\.0).filter { name in
                layers.contains { name.hasPrefix("text.encoder.transformer.resblocks.\($0).") }
            })
            #expect(!expected.isEmpty)
            #expect(changed == expected, "k = \(k)")
        }
    }

    @Test("fully trainable sentence encoder: embeddings and every layer move")
    func full() {
        let model = TestWorld.sentenceModel()
        (model.textTower as! SentenceTextTower).setTrainability(.full)
        let changed = changedAfterStep(model)
        #expect(changed.contains("text.encoder.token_embedding.weight"))
        #expect(changed.contains("text.encoder.positions"))
        for layer in 0..<3 { #expect(changed.contains("text.encoder.transformer.resblocks.\(layer).mlp.c_fc.weight")) }
    }

    @Test("CLIP text tower: [B, D] features, open_clip names under text., every parameter trains")
    func clipTower() throws {
        guard let vocabulary = TestWorld.clipVocabulary else {
            print("SKIP CLIP text tower test: no CLIP vocabulary in the cache (run make setup)")
            return
        }
        let model = try TestWorld.clipModel(vocabulary)
        #expect(noGrad { model.encodeText(TestWorld.captions) }.shape == [4, 16])
        #expect(model.textTower.contextTokens == 77)
        let names = Set(model.namedParameters().map(\.0))
        #expect(names.contains("text.token_embedding.weight") && names.contains("text.text_projection"))
        let changed = changedAfterStep(model)
        let still = names.subtracting(changed)
        #expect(still.isEmpty, "unchanged: \(still.sorted())")
        #expect(changed.contains("text.token_embedding.weight") && changed.contains("text.transformer.resblocks.1.attn.in_proj_weight"))
    }
}
