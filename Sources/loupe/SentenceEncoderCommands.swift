import Foundation
import NN
import SentenceEncoders
import Tokenizers

/// `loupe embed`, `info` and `tokenize` for BERT / sentence-transformers directories
/// (all-MiniLM-L6-v2 and the like): text-only models with a WordPiece tokenizer.
enum SentenceEncoderCommands {
    /// The directory `model` names when it is a sentence encoder, else `nil` (a CLIP model).
    static func directory(_ model: String) throws -> URL? {
        let url = try ModelOptions.resolve(model)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue,
              // A loupe_model.json directory (a trained model of any kind) goes to the general loader.
              !FileManager.default.fileExists(atPath: url.appendingPathComponent("loupe_model.json").path),
              SentenceEncoder.isEncoderDirectory(url) else { return nil }
        return url
    }

    static func embed(directory: URL, images: [String], texts: [String], normalize: Bool, batch: Int) throws {
        if !images.isEmpty {
            throw CLIError("\(directory.path): a sentence encoder embeds texts only; --image needs a CLIP model")
        }
        let encoder = try SentenceEncoder.load(directory: directory)
        let progress = texts.count >= 256 ? ProgressLine(label: "embedding", total: texts.count) : nil
        let rows = encoder.embed(texts, batchSize: batch) { done, _ in progress?.update(done) }
        progress?.finish()
        var out = ""
        for (text, row) in zip(texts, rows) {
            var vector = row
            if normalize {
                let norm = max(row.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
                vector = row.map { $0 / norm }
            }
            out += try EmbedCommand.jsonLine(kind: "text", input: text, embedding: vector) + "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    static func info(directory: URL, model: String, json: Bool) throws {
        let encoder = try SentenceEncoder.load(directory: directory)
        let c = encoder.configuration
        let t = encoder.tokenizer
        let layout = FileManager.default.fileExists(atPath: directory.appendingPathComponent("modules.json").path)
            ? "sentence-transformers" : "bert"
        let strip = t.basic.stripAccents ?? t.basic.lowercase
        if json {
            let object: [String: Any] = [
                "layout": layout,
                "directory": directory.path,
                "parameters": encoder.parameterCount,
                "towers": ["text"],
                "embedding_dimension": encoder.hiddenSize,
                "pooling": encoder.pooling.rawValue,
                "normalize": encoder.normalizes,
                "max_length": encoder.maxLength,
                "configuration": [
                    "vocab_size": c.vocabSize, "hidden_size": c.hiddenSize, "num_hidden_layers": c.numHiddenLayers,
                    "num_attention_heads": c.numAttentionHeads, "intermediate_size": c.intermediateSize,
                    "hidden_act": c.hiddenAct, "max_position_embeddings": c.maxPositionEmbeddings,
                    "type_vocab_size": c.typeVocabSize, "layer_norm_eps": Double(c.layerNormEps),
                ] as [String: Any],
                "tokenizer": [
                    "type": "wordpiece", "vocab_size": t.vocabulary.count, "lowercase": t.basic.lowercase,
                    "strip_accents": strip, "tokenize_chinese_chars": t.basic.tokenizeChineseCharacters,
                    "flavor": t.basic.flavor.rawValue,
                ] as [String: Any],
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("""
            model        \(model)
            layout       \(layout) (BERT text encoder; texts only)
            parameters   \(encoder.parameterCount.formatted())
            embedding    \(encoder.hiddenSize), \(encoder.pooling.rawValue) pooling\(encoder.normalizes ? ", L2-normalised" : "")
            encoder      \(c.numHiddenLayers) layers, width \(c.hiddenSize), \(c.numAttentionHeads) heads, MLP \(c.intermediateSize), \(c.hiddenAct), eps \(c.layerNormEps), \(c.maxPositionEmbeddings) positions
            tokenizer    WordPiece, vocab \(t.vocabulary.count), \(t.basic.lowercase ? "lower-cased" : "cased"), \(strip ? "accents stripped" : "accents kept"), max length \(t.maxLength)
            """)
    }

    static func tokenize(directory: URL, texts: [String], maxLength: Int?) throws {
        let tokenizer = try WordPieceTokenizer.load(directory: directory)
        var out = ""
        for text in texts {
            out += "[" + tokenizer.encode(text, maxLength: maxLength).map(String.init).joined(separator: ",") + "]\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
