import Foundation
import NN
import TensorCore
import Tokenizers

/// A BERT sentence encoder as sentence-transformers runs it: WordPiece → `BertModel` → pooling →
/// optional L2 normalisation. Differentiable through the tape autodiff for fine-tuning.
///
/// Parameters are named as the Hugging Face state dict (`embeddings.word_embeddings.weight`,
/// `encoder.layer.3.attention.self.query.weight`), so freezing layers works by name pattern.
public final class SentenceEncoder: Module {
    public let model: BertModel
    public let tokenizer: WordPieceTokenizer
    public let pooling: SentencePooling
    /// Whether sentence vectors are L2-normalised (a `Normalize` module in `modules.json`).
    public let normalizes: Bool
    /// Where the encoder was loaded from, if it was.
    public let directory: URL?

    public init(
        model: BertModel, tokenizer: WordPieceTokenizer, pooling: SentencePooling = .mean,
        normalizes: Bool = true, directory: URL? = nil
    ) {
        self.model = model
        self.tokenizer = tokenizer
        self.pooling = pooling
        self.normalizes = normalizes
        self.directory = directory
    }

    override public var children: [(String, Module)] { [("", model)] }

    public var configuration: BertConfiguration { model.configuration }
    /// Width of the token states and of the sentence vectors.
    public var hiddenSize: Int { model.configuration.hiddenSize }
    public var numLayers: Int { model.configuration.numHiddenLayers }
    /// Most tokens per text, `[CLS]` and `[SEP]` included; longer texts are truncated.
    public var maxLength: Int { tokenizer.maxLength }

    /// Token ids and attention mask of `texts`, padded to the longest (sentence-transformers strips
    /// each text first, which does not change BERT tokens).
    public func tokenize(_ texts: [String]) -> TokenBatch { tokenizer.encodeBatch(texts) }

    /// `last_hidden_state [B, T, W]`.
    public func hiddenStates(_ batch: TokenBatch) -> Tensor {
        model(ids: batch.flatIds, mask: batch.flatMask, batch: batch.batchSize, length: batch.length)
    }

    /// Sentence vectors `[B, hiddenSize]` of a tokenized batch.
    public func encode(_ batch: TokenBatch) -> Tensor {
        let pooled = pooling(hiddenStates(batch), mask: batch.flatMask)
        return normalizes ? pooled.l2Normalized(eps: 1e-12) : pooled
    }

    /// Sentence vectors `[B, hiddenSize]` (differentiable when parameters require gradients and
    /// gradient mode is on).
    public func encode(_ texts: [String]) -> Tensor { encode(tokenize(texts)) }

    /// Sentence vectors as rows, computed without a tape in batches of `batchSize`, with a
    /// progress callback `(done, total)`. Texts are sorted by length inside so batches pad little.
    public func embed(_ texts: [String], batchSize: Int = 32, progress: ((Int, Int) -> Void)? = nil) -> [[Float]] {
        precondition(batchSize >= 1, "batch size must be at least 1")
        let order = texts.indices.sorted { texts[$0].utf8.count > texts[$1].utf8.count }
        var rows = [[Float]](repeating: [], count: texts.count)
        var done = 0
        noGrad {
            for start in stride(from: 0, to: order.count, by: batchSize) {
                let chunk = Array(order[start ..< Swift.min(start + batchSize, order.count)])
                let vectors = encode(tokenize(chunk.map { texts[$0] })).scalars
                for (k, index) in chunk.enumerated() {
                    rows[index] = Array(vectors[(k * hiddenSize) ..< ((k + 1) * hiddenSize)])
                }
                done += chunk.count
                progress?(done, texts.count)
            }
        }
        return rows
    }

    /// Names of the parameters of the top `k` encoder layers (the last `k` of `encoder.layer.N`).
    public func topLayerParameterNames(_ k: Int) -> [String] {
        let first = Swift.max(numLayers - k, 0)
        let prefixes = (first..<numLayers).map { "encoder.layer.\($0)." }
        return namedParameters().map(\.0).filter { name in prefixes.contains { name.hasPrefix($0) } }
    }
}
