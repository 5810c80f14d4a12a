import Foundation

/// The Hugging Face `BertConfig` fields the encoder needs (`config.json`).
public struct BertConfiguration: Codable, Sendable, Equatable {
    public var vocabSize: Int
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var intermediateSize: Int
    /// `gelu` (exact, erf), `relu` or `tanh`.
    public var hiddenAct: String
    public var maxPositionEmbeddings: Int
    public var typeVocabSize: Int
    public var layerNormEps: Float
    public var padTokenID: Int

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size", hiddenSize = "hidden_size", numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads", intermediateSize = "intermediate_size"
        case hiddenAct = "hidden_act", maxPositionEmbeddings = "max_position_embeddings"
        case typeVocabSize = "type_vocab_size", layerNormEps = "layer_norm_eps", padTokenID = "pad_token_id"
    }

    public init(
        vocabSize: Int, hiddenSize: Int, numHiddenLayers: Int, numAttentionHeads: Int, intermediateSize: Int,
        hiddenAct: String = "gelu", maxPositionEmbeddings: Int = 512, typeVocabSize: Int = 2,
        layerNormEps: Float = 1e-12, padTokenID: Int = 0
    ) {
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.intermediateSize = intermediateSize
        self.hiddenAct = hiddenAct
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.typeVocabSize = typeVocabSize
        self.layerNormEps = layerNormEps
        self.padTokenID = padTokenID
    }

    /// Defaults are transformers' `BertConfig` defaults (bert-base).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        vocabSize = try c.decodeIfPresent(Int.self, forKey: .vocabSize) ?? 30522
        hiddenSize = try c.decodeIfPresent(Int.self, forKey: .hiddenSize) ?? 768
        numHiddenLayers = try c.decodeIfPresent(Int.self, forKey: .numHiddenLayers) ?? 12
        numAttentionHeads = try c.decodeIfPresent(Int.self, forKey: .numAttentionHeads) ?? 12
        intermediateSize = try c.decodeIfPresent(Int.self, forKey: .intermediateSize) ?? 3072
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "gelu"
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 512
        typeVocabSize = try c.decodeIfPresent(Int.self, forKey: .typeVocabSize) ?? 2
        layerNormEps = try c.decodeIfPresent(Float.self, forKey: .layerNormEps) ?? 1e-12
        padTokenID = try c.decodeIfPresent(Int.self, forKey: .padTokenID) ?? 0
    }

    /// Reads and checks `config.json`.
    /// - Throws: `SentenceEncoderError` naming the file and the offending key.
    public static func read(_ url: URL) throws -> BertConfiguration {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SentenceEncoderError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        let config: BertConfiguration
        do {
            config = try JSONDecoder().decode(BertConfiguration.self, from: data)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw SentenceEncoderError.invalidConfiguration(path: url.path, key: key, reason: context.debugDescription)
        } catch {
            throw SentenceEncoderError.invalidConfiguration(path: url.path, key: "", reason: "\(error)")
        }
        if let type = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["model_type"] as? String,
           type != "bert" {
            throw SentenceEncoderError.invalidConfiguration(
                path: url.path, key: "model_type", reason: "'\(type)' is not a BERT model")
        }
        try config.validate(path: url.path)
        return config
    }

    func validate(path: String) throws {
        func check(_ ok: Bool, _ key: CodingKeys, _ reason: String) throws {
            if !ok { throw SentenceEncoderError.invalidConfiguration(path: path, key: key.rawValue, reason: reason) }
        }
        try check(vocabSize > 0, .vocabSize, "must be positive")
        try check(hiddenSize > 0, .hiddenSize, "must be positive")
        try check(numHiddenLayers > 0, .numHiddenLayers, "must be positive")
        try check(numAttentionHeads > 0 && hiddenSize % numAttentionHeads == 0, .numAttentionHeads,
                  "\(numAttentionHeads) heads do not divide hidden_size \(hiddenSize)")
        try check(intermediateSize > 0, .intermediateSize, "must be positive")
        try check(BertActivation(rawValue: hiddenAct) != nil, .hiddenAct,
                  "'\(hiddenAct)' is not supported (gelu, relu, tanh)")
        try check(maxPositionEmbeddings > 1, .maxPositionEmbeddings, "must be at least 2")
        try check(typeVocabSize > 0, .typeVocabSize, "must be positive")
    }
}

/// The activations `hidden_act` may name.
enum BertActivation: String {
    case gelu, relu, tanh
}
