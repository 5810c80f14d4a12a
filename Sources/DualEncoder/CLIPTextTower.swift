import CLIPModels
import NN
import TensorCore
import Tokenizers

/// The CLIP text transformer as a ``TextTower``: BPE tokens, causal transformer, pooled at the
/// end token, projected. Parameter names are open_clip's (`token_embedding.weight`, …).
public final class CLIPTextTower: Module, TextTower {
    public let transformer: TextTransformer
    public let tokenizer: CLIPTokenizer
    public let outputDimension: Int
    /// The tokenizer's files, copied into saved model directories.
    public let vocabulary: VocabularySource

    public init(transformer: TextTransformer, tokenizer: CLIPTokenizer, vocabulary: VocabularySource, outputDimension: Int) {
        self.transformer = transformer
        self.tokenizer = tokenizer
        self.vocabulary = vocabulary
        self.outputDimension = outputDimension
    }

    /// A tower with fresh weights drawn from `seed`.
    public convenience init(_ config: CLIPConfiguration.Text, outputDimension: Int, vocabulary: VocabularySource, seed: UInt64) throws {
        var rng = RandomGenerator(seed: seed)
        self.init(transformer: TextTransformer(config, embedDim: outputDimension, rng: &rng),
                  tokenizer: try CLIPTokenizer(vocabulary: vocabulary.load(specialTokens: nil)), vocabulary: vocabulary, outputDimension: outputDimension)
    }

    override public var children: [(String, Module)] { [("", transformer)] }

    public var contextTokens: Int { transformer.config.contextLength }

    public func countTokens(_ text: String) -> Int { tokenizer.encodeIDs(text).count + 2 }

    /// Token rows cut to the batch's longest end-of-text position (exact: attention is causal).
    func tokenRows(_ texts: [String]) -> [[Int]] {
        let rows = tokenizer.tokenize(texts, contextLength: contextTokens)
        let eot = tokenizer.endOfTextID
        let used = rows.map { ($0.firstIndex(of: eot) ?? ($0.count - 1)) + 1 }.max() ?? 1
        return rows.map { $0.prefix(used).map(Int.init) }
    }

    public func encode(_ texts: [String]) -> Tensor { transformer(tokenRows(texts)) }
}
