// Port of transformers src/transformers/models/bert/modeling_bert.py (BertEmbeddings, BertSelfAttention,
// BertSelfOutput, BertIntermediate, BertOutput, BertLayer, BertEncoder, BertPooler, BertModel), with
// its state-dict names (`encoder.layer.3.attention.self.query.weight`). Dropout is omitted: the
// encoder runs as in `model.eval()`.
import NN
import TensorCore

/// Word, position and token-type embeddings, summed and layer-normalised.
public final class BertEmbeddings: Module {
    public let wordEmbeddings: Embedding
    public let positionEmbeddings: Embedding
    public let tokenTypeEmbeddings: Embedding
    public let layerNorm: LayerNorm

    init(_ c: BertConfiguration, rng: inout RandomGenerator) {
        wordEmbeddings = Embedding(c.vocabSize, c.hiddenSize, std: 0.02, rng: &rng)
        positionEmbeddings = Embedding(c.maxPositionEmbeddings, c.hiddenSize, std: 0.02, rng: &rng)
        tokenTypeEmbeddings = Embedding(c.typeVocabSize, c.hiddenSize, std: 0.02, rng: &rng)
        layerNorm = LayerNorm(c.hiddenSize, eps: c.layerNormEps)
    }

    override public var children: [(String, Module)] {
        [("word_embeddings", wordEmbeddings), ("position_embeddings", positionEmbeddings),
         ("token_type_embeddings", tokenTypeEmbeddings), ("LayerNorm", layerNorm)]
    }

    /// `[B, T]` ids (row-major) → `[B, T, W]`; positions `0..<T`, token type 0.
    public func callAsFunction(_ ids: [Int], batch: Int, length: Int) -> Tensor {
        let words = wordEmbeddings(ids, shape: [batch, length])
        let positions = positionEmbeddings.weight.value.slice(axis: 0, 0..<length)  // [T, W]
        let tokenType = tokenTypeEmbeddings.weight.value.slice(axis: 0, 0..<1)  // [1, W]
        return layerNorm(words + (positions + tokenType))
    }
}

/// Query, key and value projections and multi-head attention over unmasked keys.
public final class BertSelfAttention: Module {
    public let query: Linear, key: Linear, value: Linear
    public let heads: Int

    init(_ c: BertConfiguration, rng: inout RandomGenerator) {
        query = Linear(c.hiddenSize, c.hiddenSize, rng: &rng)
        key = Linear(c.hiddenSize, c.hiddenSize, rng: &rng)
        value = Linear(c.hiddenSize, c.hiddenSize, rng: &rng)
        heads = c.numAttentionHeads
    }

    override public var children: [(String, Module)] { [("query", query), ("key", key), ("value", value)] }

    /// `x [B, T, W]`, additive key mask `[B, 1, T]` → context `[B, T, W]`.
    public func callAsFunction(_ x: Tensor, mask: Tensor?) -> Tensor {
        scaledDotProductAttention(q: query(x), k: key(x), v: value(x), heads: heads, mask: mask)
    }
}

/// A projection, then a residual connection and layer norm (BertSelfOutput and BertOutput).
public final class BertResidualOutput: Module {
    public let dense: Linear
    public let layerNorm: LayerNorm

    init(_ inFeatures: Int, _ c: BertConfiguration, rng: inout RandomGenerator) {
        dense = Linear(inFeatures, c.hiddenSize, rng: &rng)
        layerNorm = LayerNorm(c.hiddenSize, eps: c.layerNormEps)
    }

    override public var children: [(String, Module)] { [("dense", dense), ("LayerNorm", layerNorm)] }

    public func callAsFunction(_ x: Tensor, residual: Tensor) -> Tensor { layerNorm(dense(x) + residual) }
}

/// Self-attention with its output projection (`attention.self`, `attention.output`).
public final class BertAttention: Module {
    public let selfAttention: BertSelfAttention
    public let output: BertResidualOutput

    init(_ c: BertConfiguration, rng: inout RandomGenerator) {
        selfAttention = BertSelfAttention(c, rng: &rng)
        output = BertResidualOutput(c.hiddenSize, c, rng: &rng)
    }

    override public var children: [(String, Module)] { [("self", selfAttention), ("output", output)] }

    public func callAsFunction(_ x: Tensor, mask: Tensor?) -> Tensor {
        output(selfAttention(x, mask: mask), residual: x)
    }
}

/// The feed-forward expansion with its activation (`intermediate.dense`).
public final class BertIntermediate: Module {
    public let dense: Linear
    let activation: BertActivation

    init(_ c: BertConfiguration, rng: inout RandomGenerator) {
        dense = Linear(c.hiddenSize, c.intermediateSize, rng: &rng)
        activation = BertActivation(rawValue: c.hiddenAct) ?? .gelu
    }

    override public var children: [(String, Module)] { [("dense", dense)] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let h = dense(x)
        switch activation {
        case .gelu: return h.gelu()
        case .relu: return h.relu()
        case .tanh: return h.tanh()
        }
    }
}

/// A post-LN encoder block: `h = LN(x + attn(x))`, `LN(h + ffn(h))`.
public final class BertLayer: Module {
    public let attention: BertAttention
    public let intermediate: BertIntermediate
    public let output: BertResidualOutput

    init(_ c: BertConfiguration, rng: inout RandomGenerator) {
        attention = BertAttention(c, rng: &rng)
        intermediate = BertIntermediate(c, rng: &rng)
        output = BertResidualOutput(c.intermediateSize, c, rng: &rng)
    }

    override public var children: [(String, Module)] {
        [("attention", attention), ("intermediate", intermediate), ("output", output)]
    }

    public func callAsFunction(_ x: Tensor, mask: Tensor?) -> Tensor {
        let h = attention(x, mask: mask)
        return output(intermediate(h), residual: h)
    }
}

/// `tanh(dense(h[:, 0]))`, BERT's next-sentence pooler (unused by sentence-transformers).
public final class BertPooler: Module {
    public let dense: Linear

    init(_ c: BertConfiguration, rng: inout RandomGenerator) {
        dense = Linear(c.hiddenSize, c.hiddenSize, rng: &rng)
    }

    override public var children: [(String, Module)] { [("dense", dense)] }

    /// `[B, T, W]` → `[B, W]`.
    public func callAsFunction(_ hidden: Tensor) -> Tensor {
        let (b, t, w) = (hidden.shape[0], hidden.shape[1], hidden.shape[2])
        let first = hidden.reshaped([b, t * w]).slice(axis: 1, 0..<w)
        return dense(first).tanh()
    }
}

/// The Hugging Face `BertModel`: embeddings, `encoder.layer.N`, optionally `pooler`.
public final class BertModel: Module {
    public let configuration: BertConfiguration
    public let embeddings: BertEmbeddings
    public let layers: ModuleList<BertLayer>
    public let pooler: BertPooler?

    /// A randomly initialised model (BERT's `normal(0, 0.02)` embeddings, PyTorch-default linears).
    public init(configuration c: BertConfiguration, withPooler: Bool = false, seed: UInt64 = 0) {
        var rng = RandomGenerator(seed: seed)
        configuration = c
        embeddings = BertEmbeddings(c, rng: &rng)
        layers = ModuleList((0..<c.numHiddenLayers).map { _ in BertLayer(c, rng: &rng) })
        pooler = withPooler ? BertPooler(c, rng: &rng) : nil
    }

    override public var children: [(String, Module)] {
        [("embeddings", embeddings), ("encoder", EncoderNode(layers))] + (pooler.map { [("pooler", $0)] } ?? [])
    }

    /// `last_hidden_state [B, T, W]` for row-major ids `[B, T]` and attention mask (1 = token, 0 = pad).
    public func callAsFunction(ids: [Int], mask: [Int], batch: Int, length: Int) -> Tensor {
        precondition(ids.count == batch * length && mask.count == ids.count, "ids and mask must be [\(batch), \(length)]")
        precondition(length <= configuration.maxPositionEmbeddings,
                     "\(length) tokens exceed max_position_embeddings \(configuration.maxPositionEmbeddings)")
        var h = embeddings(ids, batch: batch, length: length)
        let additive = Self.keyPaddingMask(mask, batch: batch, length: length)
        for layer in layers.items { h = layer(h, mask: additive) }
        return h
    }

    /// HF's extended attention mask: 0 for tokens, the most negative Float for padded keys,
    /// `[B, 1, T]`; `nil` when nothing is padded.
    public static func keyPaddingMask(_ mask: [Int], batch: Int, length: Int) -> Tensor? {
        guard mask.contains(0) else { return nil }
        return Tensor(mask.map { $0 == 0 ? -Float.greatestFiniteMagnitude : 0 }, shape: [batch, 1, length])
    }
}

/// The `encoder` level of the state dict, holding `layer.N`.
final class EncoderNode: Module {
    let layers: ModuleList<BertLayer>
    init(_ layers: ModuleList<BertLayer>) { self.layers = layers }
    override var children: [(String, Module)] { [("layer", layers)] }
}
