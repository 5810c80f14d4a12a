import CCL
import Foundation
import NN
import TensorCore
import Testing
import Training

/// Each ablation switch changes what it says, on a tiny model and random features.
@Suite("CCL switches")
struct CCLSwitchTests {
    static func architecture(_ g: Granularity, refinement: Bool = true) -> CCLArchitecture {
        CCLArchitecture(featureDimension: 6, granularity: g, encoderWidths: [8, 7], codeWidth: 5, fusionWidth: 9,
                        refinementWidths: refinement ? [8, 6] : [], commonWidth: 4, classifierOutputs: 5,
                        categories: ["a", "b", "c"], grid: 2)
    }

    static func batch(seed: UInt64, coarseShift: Float = 0, fineShift: Float = 0) -> FeatureBatch {
        var rng = RandomGenerator(seed: seed)
        let coarse = Tensor.randomNormal([4, 6], std: 1, using: &rng) + coarseShift
        let fine = Tensor.randomNormal([7, 6], std: 1, using: &rng) + fineShift
        return FeatureBatch(coarse: coarse, fine: fine, fineOwners: [0, 0, 1, 2, 2, 2, 3])
    }

    func maxDifference(_ a: Tensor, _ b: Tensor) -> Float { zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0 }

    @Test("granularity: coarse-only ignores the parts exactly, fine-only the whole, both use both")
    func granularity() {
        let base = Self.batch(seed: 1)
        let moved = (coarse: Self.batch(seed: 1, coarseShift: 0.7), fine: Self.batch(seed: 1, fineShift: 0.7))
        for g in Granularity.allCases {
            // Without the ReLU refinement, whose units can all start dead on 4 random inputs.
            let m = CCLModel(Self.architecture(g, refinement: false), seed: 5)
            let e = m.embed(image: base, text: base)
            let coarseMoved = m.embed(image: moved.coarse, text: moved.coarse)
            let fineMoved = m.embed(image: moved.fine, text: moved.fine)
            #expect(m.stage1.correlations.count == (g == .both ? 2 : 1))
            #expect((maxDifference(e.image!, coarseMoved.image!) > 0) == g.usesCoarse, "\(g): image vs whole features")
            #expect((maxDifference(e.text!, coarseMoved.text!) > 0) == g.usesCoarse, "\(g): text vs whole features")
            #expect((maxDifference(e.image!, fineMoved.image!) > 0) == g.usesFine, "\(g): image vs part features")
            #expect((maxDifference(e.text!, fineMoved.text!) > 0) == g.usesFine, "\(g): text vs part features")
        }
    }

    @Test("fine codes are averaged per instance: reordering an instance's parts changes nothing")
    func partAveraging() {
        let m = CCLModel(Self.architecture(.fine), seed: 2)
        let b = Self.batch(seed: 4)
        let order = [1, 0, 2, 5, 3, 4, 6]
        let shuffled = FeatureBatch(coarse: b.coarse, fine: b.fine.indexSelect(axis: 0, order), fineOwners: b.fineOwners)
        #expect(maxDifference(m.embed(image: b, text: nil).image!, m.embed(image: shuffled, text: nil).image!) < 1e-6)
    }

    @Test("intra-modal off: no reconstruction term and no gradient into the feature decoders")
    func intraModal() {
        let m = CCLModel(Self.architecture(.both), seed: 3)
        let image = Self.batch(seed: 6), text = Self.batch(seed: 7)
        var on = Stage1Objective()
        on.intraModal = true
        var off = on
        off.intraModal = false
        let withIntra = m.stage1.loss(image: image, text: text, labels: [0, 1, 2, 0], objective: on)
        let without = m.stage1.loss(image: image, text: text, labels: [0, 1, 2, 0], objective: off)
        #expect(without.metrics["intra"] == nil)
        let intra = withIntra.metrics["intra"] ?? 0
        #expect(intra > 0)
        #expect(abs(Double(withIntra.total.item) - Double(without.total.item) - intra) < 1e-4 * max(1, intra))
        m.zeroGrad()
        without.total.backward()
        let decoder = m.stage1.image.coarse!.decoder.namedParameters()
        #expect(decoder.allSatisfy { $0.1.grad == nil || $0.1.grad!.scalars.allSatisfy { $0 == 0 } })
        m.zeroGrad()
        m.stage1.loss(image: image, text: text, labels: [0, 1, 2, 0], objective: on).total.backward()
        #expect(decoder.contains { $0.1.grad.map { $0.scalars.contains { $0 != 0 } } ?? false })
    }

    @Test("correlation: corr_ae uses the tied-code distance, contrastive the margin loss over matched pairs")
    func correlation() {
        let m = CCLModel(Self.architecture(.coarse), seed: 4)
        let image = Self.batch(seed: 8), text = Self.batch(seed: 9)
        var tied = Stage1Objective()
        tied.correlation = .corrAE
        var contrastive = tied
        contrastive.correlation = .contrastive
        let a = m.stage1.loss(image: image, text: text, labels: [0, 1, 2, 0], objective: tied)
        let b = m.stage1.loss(image: image, text: text, labels: [0, 1, 2, 0], objective: contrastive)
        let corr = m.stage1.correlations[0]
        let ci = corr.encodeImage(m.stage1.image.coarse!.encode(image.coarse))
        let ct = corr.encodeText(m.stage1.text.coarse!.encode(text.coarse))
        let expectedTied = Double(CCLLoss.squaredError(ci, ct).item)
        let expectedContrastive = Double(CCLLoss.semiContrast(image: ci, text: ct, labels: [0, 1, 2, 3]).item)
        #expect(abs(a.metrics["correlation_coarse"]! - expectedTied) < 1e-5)
        #expect(abs(b.metrics["correlation_coarse"]! - expectedContrastive) < 1e-5)
        #expect(abs(expectedTied - expectedContrastive) > 1e-3)
        #expect(a.metrics["correlation_reconstruction_coarse"] == b.metrics["correlation_reconstruction_coarse"])
    }

    @Test("supervised refinement: stage 2 reads its last hidden layer, or the fused code without it")
    func refinement() {
        let with = CCLModel(Self.architecture(.both, refinement: true), seed: 1)
        let without = CCLModel(Self.architecture(.both, refinement: false), seed: 1)
        let b = Self.batch(seed: 2)
        #expect(with.stage1.outputs(image: b, text: nil).image!.shape == [4, 6])
        #expect(without.stage1.outputs(image: b, text: nil).image!.shape == [4, 9])
        let objective = Stage1Objective()
        #expect(with.stage1.loss(image: b, text: b, labels: [0, 1, 2, 0], objective: objective).metrics["refinement"] != nil)
        #expect(without.stage1.loss(image: b, text: b, labels: [0, 1, 2, 0], objective: objective).metrics["refinement"] == nil)
    }

    @Test("config: the printed example's keys load, bad switches are named")
    func config() throws {
        var c = TrainConfig()
        c.objective.name = "ccl"
        c.model.initFrom = "base"
        try c.validate()
        c.ccl.granularity = "patches"
        #expect(throws: TrainConfigError.self) { try c.validate() }
        #expect(captured { try c.validate() }.contains("ccl.granularity"))
        c.ccl.granularity = "fine"
        c.ccl.correlation = "cca"
        #expect(captured { try c.validate() }.contains("ccl.correlation"))
        c.ccl.correlation = "contrastive"
        c.model.initFrom = nil
        #expect(captured { try c.validate() }.contains("model.init"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ccl-config-\(UUID().uuidString).json")
        try Data(#"{"objective": {"name": "ccl"}, "model": {"init": "x"}, "ccl": {"granularity": "coarse", "intra_modal": false, "tied_lambda": 0.5}}"#.utf8).write(to: dir)
        let loaded = try TrainConfig.load(dir)
        #expect(loaded.ccl.granularity == "coarse" && !loaded.ccl.intraModal && loaded.ccl.tiedLambda == 0.5)
        #expect(loaded.ccl.correlation == "corr_ae" && loaded.ccl.codeWidth == 1024)
        try Data(#"{"objective": {"name": "ccl"}, "model": {"init": "x"}, "ccl": {"granularty": "coarse"}}"#.utf8).write(to: dir)
        #expect(captured { _ = try TrainConfig.load(dir) }.contains("ccl.granularty"))
    }

    func captured(_ body: () throws -> Void) -> String {
        do {
            try body()
            return ""
        } catch { return "\(error)" }
    }
}
