import Foundation
import NN
import SentenceEncoders
import TensorCore
import TestSupport
import Testing
import Tokenizers

/// A random 2-layer BERT (hidden 32) saved by Tools/fixtures/make_bert_fixtures.py as a
/// sentence-transformers directory, against transformers' `BertModel` and PyTorch autograd.
@Suite("Tiny BERT parity")
struct TinyBertParityTests {
    static let directory = Fixtures.url("bert/tiny-bert")

    static func load() throws -> (SentenceEncoder, [String: Tensor], [String]) {
        let encoder = try SentenceEncoder.load(directory: directory, withPooler: true)
        let expected = try SafeTensors.read(Fixtures.url("bert/tiny_bert_expected.safetensors"))
        struct Sentences: Decodable { let sentences: [String] }
        let sentences = try JSONDecoder().decode(
            Sentences.self, from: Data(contentsOf: Fixtures.url("bert/tiny_bert_sentences.json"))).sentences
        return (encoder, expected, sentences)
    }

    @Test("configuration, pipeline and parameter names follow the HF layout")
    func layout() throws {
        let (encoder, _, _) = try Self.load()
        #expect(encoder.hiddenSize == 32 && encoder.numLayers == 2 && encoder.maxLength == 16)
        #expect(encoder.pooling == .mean && encoder.normalizes)
        let names = Set(encoder.namedParameters().map(\.0))
        #expect(names.contains("encoder.layer.1.attention.self.query.weight"))
        #expect(names.contains("encoder.layer.0.attention.output.LayerNorm.bias"))
        #expect(names.contains("embeddings.token_type_embeddings.weight"))
        #expect(names.contains("pooler.dense.weight"))
        #expect(encoder.topLayerParameterNames(1).allSatisfy { $0.hasPrefix("encoder.layer.1.") })
        #expect(encoder.topLayerParameterNames(1).count == 16)
    }

    @Test("token ids, last hidden states, pooler output and sentence embeddings match transformers")
    func forward() throws {
        let (encoder, expected, sentences) = try Self.load()
        let batch = encoder.tokenize(sentences)
        #expect(batch.flatIds.map(Float.init) == expected["input_ids"]!.scalars)
        #expect(batch.flatMask.map(Float.init) == expected["attention_mask"]!.scalars)
        let hidden = encoder.hiddenStates(batch)
        #expect(hidden.shape == expected["last_hidden_state"]!.shape)
        assertClose(hidden.scalars, expected["last_hidden_state"]!.scalars, rtol: 1e-4, atol: 1e-5, "last_hidden_state")
        assertClose(encoder.model.pooler!(hidden).scalars, expected["pooler_output"]!.scalars,
                    rtol: 1e-4, atol: 1e-5, "pooler_output")
        let sentence = encoder.encode(batch)
        assertClose(sentence.scalars, expected["sentence_embedding"]!.scalars, rtol: 1e-4, atol: 1e-5, "sentence")
        assertClose(sentence.scalars, expected["st_embedding"]!.scalars, rtol: 1e-4, atol: 1e-5, "sentence-transformers")
    }

    @Test("gradients of a scalar loss match PyTorch for every parameter (relative norm error ≤ 1e-4)")
    func gradients() throws {
        let (encoder, expected, sentences) = try Self.load()
        let batch = encoder.tokenize(sentences)
        let hidden = encoder.hiddenStates(batch)
        let sentence = encoder.encode(batch)
        let pooled = encoder.model.pooler!(hidden)
        let mask = Tensor(batch.flatMask.map(Float.init), shape: [batch.batchSize, batch.length, 1])
        let loss = (sentence * expected["w_sentence"]!).sum() + (pooled * expected["w_pooled"]!).sum()
            + 0.1 * (hidden * expected["w_hidden"]! * mask).sum()
        assertClose([loss.item], expected["loss"]!.scalars, rtol: 1e-4, atol: 1e-5, "loss")
        loss.backward()
        let parameters = encoder.namedParameters()
        #expect(parameters.count == 39)
        for (name, parameter) in parameters {
            guard let reference = expected["grad." + name] else {
                Issue.record("no reference gradient for \(name)")
                continue
            }
            guard let grad = parameter.grad else {
                Issue.record("no gradient for \(name)")
                continue
            }
            let norm = reference.scalars.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
            if norm < 1e-5 {
                // Analytically zero (the key bias shifts every score of a query alike): both
                // sides must be rounding noise.
                let ours = grad.scalars.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
                #expect(ours < 1e-5, "\(name): gradient norm \(ours), reference \(norm)")
                continue
            }
            let error = relativeNormError(grad.scalars, reference.scalars)
            #expect(error <= 1e-4, "\(name): relative error \(error)")
        }
    }

    @Test("frozen layers get no gradient; the rest still do")
    func freezing() throws {
        let (encoder, _, sentences) = try Self.load()
        let top = Set(encoder.topLayerParameterNames(1))
        encoder.setRequiresGrad(false)
        encoder.setRequiresGrad(true, where: { top.contains($0) })
        encoder.encode(sentences).sum().backward()
        for (name, parameter) in encoder.namedParameters() {
            #expect((parameter.grad != nil) == top.contains(name), "\(name)")
        }
    }

    @Test("padding a text does not change its embedding (the mask hides padded keys)")
    func paddingInvariance() throws {
        let (encoder, _, _) = try Self.load()
        let alone = noGrad { encoder.encode(["the man runs"]) }
        let padded = noGrad { encoder.encode(encoder.tokenizer.encodeBatch(["the man runs"], padTo: 12)) }
        assertClose(padded.scalars, alone.scalars, rtol: 1e-5, atol: 1e-6, "padded")
    }
}

/// Key-padding masks through the fused attention: gradients against finite differences.
@Suite("Attention key-padding mask")
struct KeyPaddingMaskTests {
    @Test("masked attention gradients match finite differences; padded keys get zero gradient")
    func finiteDifferences() {
        let (b, t, w, heads) = (2, 4, 6, 2)
        let keep = [1, 1, 1, 0, 1, 1, 0, 0]
        let mask = BertModel.keyPaddingMask(keep, batch: b, length: t)!
        checkOp(OpCheck("masked attention", shapes: [[b, t, w], [b, t, w], [b, t, w]], range: -1...1,
                        engine: { scaledDotProductAttention(q: $0[0], k: $0[1], v: $0[2], heads: heads, mask: mask) },
                        oracle: { xs in
            naiveAttention(q: xs[0], k: xs[1], v: xs[2], b: b, t: t, w: w, heads: heads, keep: keep)
        }), seed: 3)
        var rng = RandomGenerator(seed: 5)
        let q = Tensor.randomUniform([b, t, w], low: -1, high: 1, using: &rng)
        let k = Tensor.randomUniform([b, t, w], low: -1, high: 1, using: &rng).requiringGrad()
        let v = Tensor.randomUniform([b, t, w], low: -1, high: 1, using: &rng).requiringGrad()
        scaledDotProductAttention(q: q, k: k, v: v, heads: heads, mask: mask).sum().backward()
        for (row, kept) in keep.enumerated() where kept == 0 {
            #expect(k.grad!.scalars[(row * w) ..< ((row + 1) * w)].allSatisfy { $0 == 0 })
            #expect(v.grad!.scalars[(row * w) ..< ((row + 1) * w)].allSatisfy { $0 == 0 })
        }
    }

    /// Attention over kept keys only, in Double.
    func naiveAttention(q: [Double], k: [Double], v: [Double], b: Int, t: Int, w: Int, heads: Int, keep: [Int]) -> [Double] {
        let d = w / heads
        var out = [Double](repeating: 0, count: b * t * w)
        for bi in 0..<b {
            for h in 0..<heads {
                for i in 0..<t {
                    var scores = [Double](repeating: -.infinity, count: t)
                    for j in 0..<t where keep[bi * t + j] == 1 {
                        var s = 0.0
                        for c in 0..<d { s += q[(bi * t + i) * w + h * d + c] * k[(bi * t + j) * w + h * d + c] }
                        scores[j] = s / Double(d).squareRoot()
                    }
                    let top = scores.max()!
                    let e = scores.map { $0 == -.infinity ? 0 : Foundation.exp($0 - top) }
                    let z = e.reduce(0, +)
                    for c in 0..<d {
                        var acc = 0.0
                        for j in 0..<t { acc += e[j] / z * v[(bi * t + j) * w + h * d + c] }
                        out[(bi * t + i) * w + h * d + c] = acc
                    }
                }
            }
        }
        return out
    }
}
