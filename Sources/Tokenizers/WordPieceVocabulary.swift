import Foundation

/// A WordPiece vocabulary: tokens and their ids (`vocab.txt`, one token a line, id = line number).
///
/// Tokens are compared code point by code point, as Python and Rust do (Swift's `String`
/// equality would merge canonically equivalent spellings such as `é` and `e` + U+0301).
public struct WordPieceVocabulary: Sendable {
    /// Tokens by id.
    public let tokens: [String]
    private let ids: [[UInt32]: Int]

    /// A vocabulary from tokens in id order; a repeated token keeps its first id.
    public init(tokens: [String]) {
        self.tokens = tokens
        var ids: [[UInt32]: Int] = [:]
        ids.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() where ids[token.codePoints] == nil { ids[token.codePoints] = id }
        self.ids = ids
    }

    public var count: Int { tokens.count }

    /// The id of `token`, if it is in the vocabulary.
    public subscript(token: String) -> Int? { ids[token.codePoints] }

    /// The id of a token given as code points.
    subscript(codePoints token: CodePoints) -> Int? { ids[token] }

    /// Reads a BERT `vocab.txt`.
    /// - Throws: `TokenizerError` when the file is missing, unreadable or empty.
    public static func load(vocabTextAt url: URL) throws -> WordPieceVocabulary {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TokenizerError.fileNotFound(path: url.path)
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw TokenizerError.unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        // transformers' load_vocab: readlines(), then rstrip("\n") of each line.
        // Split on U+000A scalars: splitting the String would treat "\r\n" as one character.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0)) }
        if lines.last == "" { lines.removeLast() }
        guard !lines.isEmpty else {
            throw TokenizerError.malformedVocabulary(path: url.path, reason: "no tokens")
        }
        return WordPieceVocabulary(tokens: lines)
    }

    /// Reads the `model.vocab` of a Hugging Face `tokenizer.json` with a WordPiece model.
    /// - Throws: `TokenizerError` when the file is missing, not JSON, or not a WordPiece model.
    public static func load(tokenizerJSONAt url: URL) throws -> WordPieceVocabulary {
        let root = try TokenizerJSON.read(url)
        guard let model = root["model"] as? [String: Any] else {
            throw TokenizerError.malformedVocabulary(path: url.path, reason: "no 'model' object")
        }
        if let type = model["type"] as? String, type != "WordPiece" {
            throw TokenizerError.malformedVocabulary(
                path: url.path, reason: "'model.type' is '\(type)', not 'WordPiece'")
        }
        guard let vocab = model["vocab"] as? [String: Any] else {
            throw TokenizerError.malformedVocabulary(path: url.path, reason: "no 'model.vocab' object")
        }
        var tokens = [String?](repeating: nil, count: vocab.count)
        for (token, value) in vocab {
            guard let id = (value as? NSNumber)?.intValue, id >= 0, id < vocab.count, tokens[id] == nil else {
                throw TokenizerError.malformedVocabulary(
                    path: url.path, reason: "'model.vocab' id of '\(token)' is not a unique id below \(vocab.count)")
            }
            tokens[id] = token
        }
        return WordPieceVocabulary(tokens: tokens.map { $0 ?? "" })
    }
}

extension WordPieceVocabulary: Equatable {
    public static func == (a: WordPieceVocabulary, b: WordPieceVocabulary) -> Bool {
        a.tokens.map(\.codePoints) == b.tokens.map(\.codePoints)
    }
}

/// Reading a `tokenizer.json` as a JSON object.
enum TokenizerJSON {
    static func read(_ url: URL) throws -> [String: Any] {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TokenizerError.fileNotFound(path: url.path)
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        } catch {
            throw TokenizerError.unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        guard let root = object as? [String: Any] else {
            throw TokenizerError.malformedVocabulary(path: url.path, reason: "top level is not a JSON object")
        }
        return root
    }
}
