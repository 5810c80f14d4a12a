import CLIPPipeline
import Foundation
import MHCVSE
import NN
import TensorCore
import TestSupport
import Testing
import Training

/// Each MH-CVSE switch changes what it says, on tiny heads over random local features.
@Suite("MH-CVSE switches")
struct MHCVSESwitchTests {
    static let e = 12, k = 6

    func heads(_ edit: (inout TrainConfig.MHCVSE) -> Void = { _ in }) -> MHCVSEHeads {
        var s = TrainConfig.MHCVSE()
        s.embedSize = 16
        s.heads = 4
        edit(&s)
        var rng = RandomGenerator(seed: 3)
        let inputs = Tensor.randomNormal([Self.k, Self.e], using: &rng).l2Normalized()
        var adjacency = [Float](repeating: 0.1, count: Self.k * Self.k)
        for i in 0..<Self.k { adjacency[i * Self.k + i] = 1 }
        return MHCVSEHeads(settings: s, featureDimension: Self.e, conceptInputs: inputs,
                           adjacency: Tensor(adjacency, shape: [Self.k, Self.k]), seed: 11)
    }

    func batch(_ b: Int = 5, seed: UInt64 = 9) -> (regions: Tensor, tokens: LocalFeatures, labels: Tensor) {
        var rng = RandomGenerator(seed: seed)
        let regions = Tensor.randomNormal([b, 7, Self.e], using: &rng)
        let lengths = (0..<b).map { 2 + $0 % 4 }
        let tokens = LocalFeatures(values: Tensor.randomNormal([b, 5, Self.e], using: &rng), lengths: lengths)
        var labels = [Float](repeating: 0, count: b * Self.k)
        for i in 0..<b { labels[i * Self.k + i % Self.k] = 1 }
        return (regions, tokens, Tensor(labels, shape: [b, Self.k]))
    }

    func names(_ m: Module) -> Set<String> { Set(m.namedParameters().map(\.0)) }

    @Test("heads = 1 is CVSE's memory attention; heads = H is H-head self-attention")
    func headsSwitch() throws {
        let single = heads { $0.heads = 1 }, multi = heads { $0.heads = 4 }
        #expect(names(single).contains("img_pool.fc1.weight") && !names(single).contains("img_pool.attn.in_proj_weight"))
        #expect(names(multi).contains("txt_pool.attn.in_proj_weight") && !names(multi).contains("txt_pool.fc1.weight"))
        guard case let .selfAttention(pool) = multi.imagePooling else {
            Issue.record("heads = 4 did not build self-attention")
            return
        }
        #expect(pool.heads == 4)
        // The head count is really used: the same weights split into 1 head give other outputs.
        var rng = RandomGenerator(seed: 0)
        let oneHead = SelfAttentionPooling(width: 16, heads: 1, rng: &rng)
        try oneHead.load(pool.stateDict())
        let x = LocalFeatures(values: Tensor.randomNormal([3, 6, 16], using: &rng), lengths: [6, 4, 2])
        let difference = zip(pool(x).scalars, oneHead(x).scalars).map { abs($0 - $1) }.max()!
        #expect(difference > 1e-3, "1 and 4 heads agree to \(difference)")
    }

    @Test("fusion = fixed is l2norm(α·instance + (1 − α)·consensus) with no gate parameters")
    func fixedFusion() {
        let m = heads { $0.fusion = "fixed"; $0.alpha = 0.7 }
        #expect(!names(m).contains { $0.contains("gate") })
        let (regions, _, _) = batch()
        let o = m.encodeImage(regions, concepts: m.gcn())
        let expected = (o.instance * 0.7 + o.consensus * 0.3).l2Normalized()
        assertClose(o.fused.scalars, expected.scalars, rtol: 1e-5, atol: 1e-6, "fixed fusion")
    }

    @Test("fusion = learned gates each item with σ(w·(x + c)/2 + b), and the gate is trained")
    func learnedFusion() {
        let m = heads { $0.fusion = "learned" }
        #expect(names(m).isSuperset(of: ["img_gate.gate.weight", "img_gate.gate.bias", "txt_gate.gate.weight"]))
        let (regions, tokens, labels) = batch()
        let concepts = m.gcn()
        let o = m.encodeImage(regions, concepts: concepts)
        let a = ((o.instance + o.consensus) * 0.5).scalars
        let w = m.imageGate!.gate.weight.value.scalars, bias = m.imageGate!.gate.bias!.value.item
        var expected: [Float] = [], alphas: [Float] = []
        for b in 0..<5 {
            let z = (0..<16).reduce(bias) { $0 + w[$1] * a[b * 16 + $1] }
            let alpha = 1 / (1 + Foundation.exp(-z))
            alphas.append(alpha)
            let row = (0..<16).map { alpha * o.instance.scalars[b * 16 + $0] + (1 - alpha) * o.consensus.scalars[b * 16 + $0] }
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            expected += row.map { $0 / norm }
        }
        assertClose(o.fused.scalars, expected, rtol: 1e-4, atol: 1e-6, "learned fusion")
        #expect(alphas.max()! - alphas.min()! > 1e-4, "the gate is per item: \(alphas)")
        let t = m.encodeText(tokens, labels: labels, concepts: concepts)
        m.losses(image: o, text: t).fused.backward()
        #expect((m.imageGate!.gate.weight.grad?.scalars.map(abs).max() ?? 0) > 0, "the gate gets a gradient")
    }

    @Test("loss_weights = fixed gives [3, 5, 1, 2]; dynamic follows the loss values and sums to 11")
    func weightsSwitch() {
        let values: [Float] = [4, 1, 2, 0.5]
        #expect(heads { $0.lossWeights = "fixed" }.lossWeights(values) == [3, 5, 1, 2])
        let w = heads { $0.lossWeights = "dynamic" }.lossWeights(values)
        #expect(abs(w.reduce(0, +) - 11) < 1e-5)
        for i in 0..<4 { #expect(abs(w[i] - 11 * values[i] / 7.5) < 1e-5) }
        #expect(dynamicLossWeights([0, 0, 0, 0], total: 11, fallback: [3, 5, 1, 2]) == [3, 5, 1, 2])
    }

    @Test("dynamic weights carry no gradient: ∇(Σ w_k L_k) = Σ w_k ∇L_k with w held constant")
    func dynamicWeightsHaveNoGradient() throws {
        let m = heads { $0.lossWeights = "dynamic" }
        let (regions, tokens, labels) = batch()
        func terms() -> [Tensor] {
            let concepts = m.gcn()
            let l = m.losses(image: m.encodeImage(regions, concepts: concepts),
                             text: m.encodeText(tokens, labels: labels, concepts: concepts))
            return [l.fused, l.instance, l.consensus, l.kl]
        }
        m.zeroGrad()
        let t = terms()
        let w = m.lossWeights(t.map(\.item))
        #expect(abs(w.reduce(0, +) - 11) < 1e-4)
        (t[0] * w[0] + t[1] * w[1] + t[2] * w[2] + t[3] * w[3]).backward()
        let combined = m.namedParameters().filter { $0.1.requiresGrad }.map { $0.1.grad?.scalars ?? [] }
        var separate = combined.map { [Float](repeating: 0, count: $0.count) }
        for i in 0..<4 {
            m.zeroGrad()
            (terms()[i] * w[i]).backward()
            for (j, p) in m.namedParameters().filter({ $0.1.requiresGrad }).enumerated() {
                for (n, g) in (p.1.grad?.scalars ?? []).enumerated() { separate[j][n] += g }
            }
        }
        for (c, s) in zip(combined, separate) where !c.isEmpty { assertClose(c, s, rtol: 1e-3, atol: 1e-5, "gradient") }
    }

    @Test("retrieval vectors: one dot product is 0.95·s(fused) + 0.05·s(consensus), so exact search ranks by it")
    func retrievalVectors() {
        let m = heads()
        let (regions, tokens, labels) = batch()
        let concepts = m.gcn()
        let i = m.encodeImage(regions, concepts: concepts), t = m.encodeText(tokens, labels: labels, concepts: concepts)
        let vi = m.retrievalVectors(i), vt = m.retrievalVectors(t)
        #expect(vi.shape == [5, 32])
        let dots = matmul(vi, vt, transposeB: true).scalars
        let expected = (matmul(i.fused, t.fused, transposeB: true) * 0.95 + matmul(i.consensus, t.consensus, transposeB: true) * 0.05).scalars
        assertClose(dots, expected, rtol: 1e-5, atol: 1e-6, "combined similarity")
        for row in vi.rowArrays { #expect(abs(row.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5, "unit length") }
        // Ranking texts for each image by the vectors equals ranking by the combined similarity.
        for r in 0..<5 {
            let byVector = (0..<5).sorted { dots[r * 5 + $0] > dots[r * 5 + $1] }
            let bySimilarity = (0..<5).sorted { expected[r * 5 + $0] > expected[r * 5 + $1] }
            #expect(byVector == bySimilarity)
        }
    }

    @Test("text concept distributions mix in the caption's labels at label_ratio")
    func labelMixing() {
        let (_, tokens, labels) = batch()
        let withLabels = heads { $0.labelRatio = 0.35 }, without = heads { $0.labelRatio = 0 }
        let p1 = withLabels.encodeText(tokens, labels: labels, concepts: withLabels.gcn()).concepts
        let p0 = without.encodeText(tokens, labels: labels, concepts: without.gcn()).concepts
        let soft = (labels * 10).softmax()
        assertClose(p1.scalars, (soft * 0.35 + p0 * 0.65).scalars, rtol: 1e-5, atol: 1e-6, "label mixing")
    }
}

@Suite("MH-CVSE concepts and config")
struct MHCVSEConceptTests {
    @Test("concepts are the most frequent content words; adjacency follows CVSE's formula")
    func vocabularyAndGraph() {
        let captions = ["a red circle and a blue square", "a red circle", "a blue square left of a red star", "the green star",
                        "a red circle", "a blue square"]
        let v = ConceptVocabulary.mine(captions: captions, limit: 4, minimumCount: 2)
        #expect(v.words == ["red", "blue", "circle", "square"])
        #expect(v.labels("A RED square!") == [1, 0, 0, 1])
        let a = v.adjacency(captions: captions, threshold: 0.3)
        // Naive oracle of util_C_GCN.py gen_A_concept('Complex', adj_all) + gen_adj.
        let k = 4
        let sets = captions.map { Set(v.concepts(in: $0)) }
        var m = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for i in 0..<k {
            let n = Double(sets.filter { $0.contains(i) }.count)
            for j in 0..<k where j != i {
                let p = Double(sets.filter { $0.contains(i) && $0.contains(j) }.count) / n
                m[i][j] = Foundation.pow(5, p - 0.02) - Foundation.pow(5, -0.02) >= 0.3 ? 1 : 0
            }
            m[i][i] = Foundation.pow(5, 0 - 0.02) - Foundation.pow(5, -0.02) >= 0.3 ? 1 : 0
        }
        for j in 0..<k {
            let col = (0..<k).reduce(0.0) { $0 + m[$1][j] }
            for i in 0..<k { m[i][j] = m[i][j] * 0.25 / (col + 1e-6) }
        }
        for i in 0..<k { m[i][i] += 1 }
        let d = (0..<k).map { i in 1 / m[i].reduce(0, +).squareRoot() }
        var expected: [Double] = []
        for i in 0..<k { for j in 0..<k { expected.append(d[i] * m[j][i] * d[j]) } }
        assertClose(a, expected, rtol: 1e-5, atol: 1e-7, "adjacency")
        #expect(a[0 * k + 2] > 0, "red and circle co-occur often")
    }

    @Test("config: mhcvse keys are checked and named")
    func config() throws {
        var c = TrainConfig()
        c.objective.name = "mhcvse"
        c.mhcvse.heads = 3
        #expect(throws: TrainConfigError.self) { try c.validate() }
        do { try c.validate() } catch { #expect("\(error)".contains("mhcvse.heads")) }
        c.mhcvse.heads = 4
        c.mhcvse.fusion = "gated"
        do { try c.validate(); Issue.record("bad fusion accepted") } catch { #expect("\(error)".contains("mhcvse.fusion")) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mhcvse-config-\(UUID().uuidString).json")
        try Data(#"{"objective": {"name": "mhcvse"}, "mhcvse": {"head": 2}}"#.utf8).write(to: dir)
        do { _ = try TrainConfig.load(dir); Issue.record("unknown key accepted") } catch { #expect("\(error)".contains("mhcvse.head")) }
    }
}
