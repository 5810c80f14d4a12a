import CLIPModels
import Foundation
import NN
import TensorCore
import TestSupport
import Testing
import Training

/// Loss values and every parameter's gradient against PyTorch autograd
/// (Tools/fixtures/make_training_fixtures.py) on the tiny OpenCLIP fixture model.
@Suite("Training objectives match PyTorch")
struct LossParityTests {
    let f: SafeTensorsFile
    let usedIDs: [Int]

    init() throws {
        f = try SafeTensorsFile(url: Fixtures.url("training/losses_and_grads.safetensors"))
        usedIDs = try f.tensor("used_token_ids").scalars.map { Int($0) }
    }

    func ids(_ name: String) throws -> [[Int]] {
        let t = try f.tensor(name)
        return (0..<t.shape[0]).map { r in (0..<t.shape[1]).map { Int(t.scalars[r * t.shape[1] + $0]) } }
    }

    func model() throws -> CLIPModel { try CLIPLoader.load(Fixtures.url("clip/openclip-tiny")).model }

    func expectScalar(_ value: Tensor, _ key: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try f.tensor(key).item
        #expect(abs(value.item - expected) <= 1e-5 * max(1, abs(expected)), "\(key): \(value.item) vs \(expected)",
                sourceLocation: sourceLocation)
    }

    /// Per-tensor relative error of every gradient the reference recorded (norm of the difference).
    func expectGradients(_ m: CLIPModel, _ prefix: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var checked = 0
        for (name, p) in m.namedParameters() {
            let key = "\(prefix).grad.\(name)"
            guard f.entries[key] != nil else {
                #expect(p.grad == nil || p.grad!.scalars.allSatisfy { $0 == 0 }, "\(name) has a gradient the reference lacks",
                        sourceLocation: sourceLocation)
                continue
            }
            guard var g = p.grad else {
                Issue.record("\(name): no gradient", sourceLocation: sourceLocation)
                continue
            }
            if name == "token_embedding.weight" { g = g.indexSelect(axis: 0, usedIDs) }
            let error = relativeNormError(g.scalars, try f.tensor(key).scalars)
            #expect(error < 1e-4, "\(prefix) gradient of \(name): relative error \(error)", sourceLocation: sourceLocation)
            checked += 1
        }
        #expect(checked >= 20, "only \(checked) gradients compared", sourceLocation: sourceLocation)
    }

    @Test("symmetric InfoNCE: loss and all gradients")
    func infoNCE() throws {
        let m = try model()
        let image = m.encodeImage(try f.tensor("pixels")).l2Normalized()
        let text = m.encodeText(try ids("caption_ids")).l2Normalized()
        let loss = infoNCELoss(image: image, text: text, logitScale: m.logitScale.value)
        try expectScalar(loss, "infonce.loss")
        loss.backward()
        try expectGradients(m, "infonce")
    }

    @Test("CE-CLIP: L_itc(hn) + 0.2·L_imc + 0.2·L_cmr, adaptive threshold update")
    func ceCLIP() throws {
        let m = try model()
        let image = m.encodeImage(try f.tensor("pixels")).l2Normalized()
        let text = m.encodeText(try ids("caption_ids")).l2Normalized()
        let valid = try f.tensor("negative_valid").scalars.map { $0 != 0 }
        let negatives = HardNegatives(features: m.encodeText(try ids("negative_ids")).l2Normalized(), valid: valid, perCaption: 4)
        var rank = CrossModalRankLoss(types: 4)
        rank.thresholds = try f.tensor("thresholds").scalars
        let scale = m.logitScale.value
        let itc = hardNegativeITCLoss(image: image, text: text, negatives: negatives, logitScale: scale)
        let imc = intraModalContrastLoss(image: image, text: text, negatives: negatives, logitScale: scale)
        let cmr = rank(image: image, text: text, negatives: negatives, logitScale: scale)
        try expectScalar(itc, "ceclip.itc")
        try expectScalar(imc, "ceclip.imc")
        try expectScalar(cmr, "ceclip.cmr")
        let total = itc + imc * 0.2 + cmr * 0.2
        try expectScalar(total, "ceclip.loss")
        assertClose(rank.thresholds, try f.tensor("ceclip.next_thresholds").scalars, rtol: 1e-5, atol: 1e-5, "next thresholds")
        total.backward()
        try expectGradients(m, "ceclip")
    }

    @Test("Radial Embedding: 10·L_p + L_e + L_m on the text tower against a frozen original")
    func radial() throws {
        let original = try model()
        let m = try model()
        for (name, p) in m.namedParameters() {
            if let delta = f.entries["re_text_delta.\(name)"] != nil ? try f.tensor("re_text_delta.\(name)") : nil {
                p.assign(noGrad { p.value + delta })
            } else {
                p.requiresGrad = false
            }
        }
        let chains = try ids("chain_ids")
        let b = chains.count / 8
        let root = m.encodeText(try ids("root_ids")).l2Normalized().reshaped([-1])
        let e = m.encodeText(chains).l2Normalized()
        let dim = e.shape[1]
        let frozen = noGrad { original.encodeText(chains).l2Normalized() }
        let terms = RadialEmbeddingLoss()(
            root: root, positives: e.slice(axis: 0, 0..<(4 * b)).reshaped([4, b, dim]),
            negatives: e.slice(axis: 0, (4 * b)..<(8 * b)).reshaped([4, b, dim]),
            original: frozen.reshaped([8, b, dim]))
        try expectScalar(terms.pullback, "radial.pullback")
        try expectScalar(terms.exterior, "radial.exterior")
        try expectScalar(terms.hardest, "radial.hardest")
        try expectScalar(terms.total, "radial.loss")
        terms.total.backward()
        try expectGradients(m, "radial")
    }

    @Test("five AdamW steps with warm-up + cosine match PyTorch's parameters to 1e-5")
    func adamW() throws {
        let m = try model()
        let optimizer = AdamW(learningRate: 1e-3, beta1: 0.9, beta2: 0.98, eps: 1e-6, weightDecay: 0.2)
        let schedule = LearningRateSchedule.warmupCosine(warmup: 2, totalSteps: 5)
        let pixels = try f.tensor("pixels"), captions = try ids("caption_ids")
        for step in 0..<5 {
            optimizer.learningRate = schedule.rate(base: 1e-3, step: step)
            m.zeroGrad()
            let loss = infoNCELoss(image: m.encodeImage(pixels).l2Normalized(), text: m.encodeText(captions).l2Normalized(),
                                   logitScale: m.logitScale.value)
            loss.backward()
            optimizer.update(m.namedParameters())
        }
        for (name, p) in m.namedParameters() {
            var value = p.value.scalars
            var expected = try f.tensor("adamw.param.\(name)").scalars
            if name == "token_embedding.weight" { value = p.value.indexSelect(axis: 0, usedIDs).scalars }
            if name.hasSuffix("attn.in_proj_bias") {
                // The key bias adds the same q·b_k to every score of a row, which softmax ignores:
                // its gradient is exactly zero, so both sides hold only rounding noise that Adam's
                // normalisation amplifies. Compare the query and value parts.
                let w = value.count / 3
                value.removeSubrange(w..<(2 * w))
                expected.removeSubrange(w..<(2 * w))
            }
            assertClose(value, expected, rtol: 1e-5, atol: 1e-5, "AdamW \(name)")
        }
    }
}
