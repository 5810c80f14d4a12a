import CLIPModels
import CLIPPipeline
import DataIO
import Foundation
import NN
import TensorCore
import Tokenizers

/// The frozen CLIP under MH-CVSE heads: token rows, and local features computed without the tape.
public final class FrozenBase: @unchecked Sendable {
    public let model: CLIPModel
    public let tokenizer: CLIPTokenizer
    public let preprocess: PreprocessConfig
    public let images: ImageBatchEncoder

    public init(model: CLIPModel, tokenizer: CLIPTokenizer, preprocess: PreprocessConfig) {
        self.model = model
        self.tokenizer = tokenizer
        self.preprocess = preprocess
        images = ImageBatchEncoder(preprocess: preprocess)
        model.setRequiresGrad(false)
    }

    public var featureDimension: Int { model.config.embedDim }

    /// Token rows cut to the batch's longest text, and each row's length up to its end token.
    public func tokenRows(_ texts: [String]) -> (ids: [[Int]], lengths: [Int]) {
        let rows = tokenizer.tokenize(texts, contextLength: model.config.text.contextLength)
        let eot = tokenizer.endOfTextID
        let lengths = rows.map { ($0.firstIndex(of: eot) ?? ($0.count - 1)) + 1 }
        let used = lengths.max() ?? 1
        return (rows.map { $0.prefix(used).map(Int.init) }, lengths)
    }

    /// Token features of `texts` up to their end tokens, `[B, L, E]` padded.
    public func textFeatures(_ texts: [String]) -> LocalFeatures {
        let (ids, lengths) = tokenRows(texts)
        return LocalFeatures(values: noGrad { model.textTokenFeatures(ids) }, lengths: lengths)
    }

    /// Patch features `[B, R, E]` of normalised pixels `[B, 3, S, S]`.
    public func imageFeatures(_ pixels: Tensor) -> Tensor { noGrad { model.imagePatchFeatures(pixels) } }

    /// The concept words embedded by the text tower (its pooled, unit-length features), `[K, E]`.
    public func conceptInputs(_ vocabulary: ConceptVocabulary) -> Tensor {
        noGrad { model.encodeText(tokenRows(vocabulary.words).ids).l2Normalized() }
    }
}
