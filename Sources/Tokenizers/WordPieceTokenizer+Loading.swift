import Foundation

/// A tokenizer configuration value of the wrong type, naming the file and key.
public struct TokenizerConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let key: String
    public let reason: String
    public init(path: String, key: String, reason: String) {
        self.path = path
        self.key = key
        self.reason = reason
    }
    public var description: String { "\(path): key '\(key)': \(reason)" }
}

extension WordPieceTokenizer {
    /// Whether `directory` holds a WordPiece vocabulary (`vocab.txt`, or a WordPiece `tokenizer.json`).
    public static func hasVocabulary(in directory: URL) -> Bool {
        let files = FileManager.default
        if files.fileExists(atPath: directory.appendingPathComponent("vocab.txt").path) { return true }
        let json = directory.appendingPathComponent("tokenizer.json")
        guard files.fileExists(atPath: json.path), let root = try? TokenizerJSON.read(json),
              let model = root["model"] as? [String: Any] else { return false }
        return model["type"] as? String == "WordPiece"
    }

    /// The tokenizer of a BERT / sentence-transformers directory.
    ///
    /// Reads `vocab.txt` (else the vocabulary of `tokenizer.json`); lower-casing, accent stripping
    /// and CJK spacing from `tokenizer_config.json` (else `tokenizer.json`'s `BertNormalizer`);
    /// special tokens from `special_tokens_map.json`; the maximum length from
    /// `sentence_bert_config.json` (`max_seq_length`), else `tokenizer_config.json`
    /// (`model_max_length`), capped by `maxPositions`.
    /// - Parameter maxPositions: the encoder's `max_position_embeddings`, when known.
    /// - Throws: `TokenizerError` for a missing or malformed vocabulary,
    ///   `TokenizerConfigurationError` for a configuration value of the wrong type.
    /// - Parameter flavor: which reference's text cleaning to match (default tokenizers', which
    ///   transformers 5 and sentence-transformers use).
    public static func load(
        directory: URL, maxPositions: Int? = nil, flavor: BertTextFlavor = .tokenizers
    ) throws -> WordPieceTokenizer {
        let files = FileManager.default
        let vocabText = directory.appendingPathComponent("vocab.txt")
        let tokenizerJSONURL = directory.appendingPathComponent("tokenizer.json")
        let tokenizerJSON = files.fileExists(atPath: tokenizerJSONURL.path) ? try TokenizerJSON.read(tokenizerJSONURL) : nil
        let vocabulary: WordPieceVocabulary
        let vocabularyPath: String
        if files.fileExists(atPath: vocabText.path) {
            vocabulary = try .load(vocabTextAt: vocabText)
            vocabularyPath = vocabText.path
        } else if tokenizerJSON != nil {
            vocabulary = try .load(tokenizerJSONAt: tokenizerJSONURL)
            vocabularyPath = tokenizerJSONURL.path
        } else {
            throw TokenizerError.fileNotFound(path: vocabText.path + " (or tokenizer.json)")
        }

        let configURL = directory.appendingPathComponent("tokenizer_config.json")
        let config = try readObject(configURL)
        let configPath = configURL.path
        let normalizer = (tokenizerJSON?["normalizer"] as? [String: Any]).flatMap {
            $0["type"] as? String == "BertNormalizer" ? $0 : nil
        }
        let model = tokenizerJSON?["model"] as? [String: Any]
        let normalizerPath = tokenizerJSONURL.path + " normalizer"

        func bool(_ object: [String: Any]?, _ key: String, _ path: String) throws -> Bool?? {
            guard let object, let value = object[key] else { return .none }
            if value is NSNull { return .some(nil) }
            guard let flag = value as? Bool else {
                throw TokenizerConfigurationError(path: path, key: key, reason: "expected true, false or null")
            }
            return .some(flag)
        }
        func int(_ object: [String: Any]?, _ key: String, _ path: String) throws -> Int? {
            guard let object, let value = object[key], !(value is NSNull) else { return nil }
            guard let number = value as? Int else {
                throw TokenizerConfigurationError(path: path, key: key, reason: "expected an integer")
            }
            return number
        }
        func string(_ object: [String: Any]?, _ key: String, _ path: String) throws -> String? {
            guard let object, let value = object[key], !(value is NSNull) else { return nil }
            if let text = value as? String { return text }
            // Newer files store special tokens as {"content": "[CLS]", …}.
            if let added = value as? [String: Any], let text = added["content"] as? String { return text }
            throw TokenizerConfigurationError(path: path, key: key, reason: "expected a string")
        }

        let lowercase = try bool(config, "do_lower_case", configPath) ?? bool(normalizer, "lowercase", normalizerPath) ?? true
        let strip = try bool(config, "strip_accents", configPath) ?? bool(normalizer, "strip_accents", normalizerPath) ?? nil
        let chinese = try bool(config, "tokenize_chinese_chars", configPath)
            ?? bool(normalizer, "handle_chinese_chars", normalizerPath) ?? true
        let basic = BertBasicTokenizer(
            lowercase: lowercase ?? true, stripAccents: strip, tokenizeChineseCharacters: chinese ?? true,
            flavor: flavor)

        let mapURL = directory.appendingPathComponent("special_tokens_map.json")
        let map = try readObject(mapURL)
        func special(_ key: String, _ fallback: String) throws -> String {
            try string(map, key, mapURL.path) ?? string(config, key, configPath) ?? fallback
        }
        let unknown = try special("unk_token", (model?["unk_token"] as? String) ?? "[UNK]")
        let cls = try special("cls_token", "[CLS]"), sep = try special("sep_token", "[SEP]")
        let pad = try special("pad_token", "[PAD]"), maskToken = try special("mask_token", "[MASK]")
        var specials = [unknown, cls, sep, pad, maskToken]
        for added in tokenizerJSON?["added_tokens"] as? [[String: Any]] ?? []
        where added["special"] as? Bool == true {
            if let content = added["content"] as? String, vocabulary[content] != nil { specials.append(content) }
        }

        let sentenceURL = directory.appendingPathComponent("sentence_bert_config.json")
        let sentence = try readObject(sentenceURL)
        var length = try int(sentence, "max_seq_length", sentenceURL.path)
            ?? int(config, "model_max_length", configPath).flatMap { $0 > 1_000_000 ? nil : $0 } ?? 512
        if let maxPositions { length = Swift.min(length, maxPositions) }
        guard length >= 2 else {
            throw TokenizerConfigurationError(path: sentenceURL.path, key: "max_seq_length", reason: "must be at least 2")
        }
        let maxChars = try int(model, "max_input_chars_per_word", tokenizerJSONURL.path) ?? 100
        let prefix = (model?["continuing_subword_prefix"] as? String) ?? "##"
        return try WordPieceTokenizer(
            vocabulary: vocabulary, basic: basic, maxLength: length, maxInputCharactersPerWord: maxChars,
            continuationPrefix: prefix, unknownToken: unknown, clsToken: cls, sepToken: sep, padToken: pad,
            specialTokens: specials, vocabularyPath: vocabularyPath)
    }

    /// A JSON object file, or `nil` when it does not exist.
    private static func readObject(_ url: URL) throws -> [String: Any]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        } catch {
            throw TokenizerError.unreadableFile(path: url.path, reason: "not JSON (\(error.localizedDescription))")
        }
        guard let dictionary = object as? [String: Any] else {
            throw TokenizerError.unreadableFile(path: url.path, reason: "top level is not a JSON object")
        }
        return dictionary
    }
}
