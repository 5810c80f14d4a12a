import Foundation

/// Where a tokenizer vocabulary comes from.
public enum VocabularySource: Equatable, Sendable {
    /// A Hugging Face `vocab.json` + `merges.txt` pair.
    case huggingFace(vocab: URL, merges: URL)
    /// An open_clip / openai `bpe_simple_vocab_16e6.txt.gz`.
    case bpeGzip(URL)

    /// Loads the vocabulary.
    /// - Parameter specialTokens: Spelling of the special tokens; by default open_clip's for
    ///   the gzip file and OpenAI's (as in `vocab.json`) for the Hugging Face pair.
    /// - Returns: The loaded vocabulary.
    /// - Throws: `TokenizerError` for missing or malformed files.
    public func load(specialTokens: SpecialTokenSpelling? = nil) throws -> BPEVocabulary {
        switch self {
        case .huggingFace(let vocab, let merges):
            return try BPEVocabulary.load(
                vocabJSONAt: vocab, mergesAt: merges, specialTokens: specialTokens ?? .openAI)
        case .bpeGzip(let url):
            return try BPEVocabulary.load(bpeGzipAt: url, specialTokens: specialTokens ?? .openCLIP)
        }
    }
}

extension CLIPTokenizer {
    /// The file name of the CLIP BPE merges shipped with openai/CLIP and open_clip.
    public static let bpeFileName = "bpe_simple_vocab_16e6.txt.gz"

    /// Loupe's cache directory: `$LOUPE_CACHE`, else `~/.cache/loupe`.
    public static func cacheDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        if let path = environment["LOUPE_CACHE"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        return FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".cache/loupe", isDirectory: true)
    }

    /// Where `make setup` puts the default vocabulary: `<cache>/clip/bpe_simple_vocab_16e6.txt.gz`.
    public static func defaultVocabularyURL(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        cacheDirectory(environment: environment)
            .appendingPathComponent("clip", isDirectory: true)
            .appendingPathComponent(bpeFileName)
    }

    /// The vocabulary files for a model: the directory's own `vocab.json` + `merges.txt`,
    /// else its `bpe_simple_vocab_16e6.txt.gz`, else the default vocabulary in the cache.
    /// - Parameters:
    ///   - modelDirectory: The checkpoint directory, or `nil` for the default vocabulary.
    ///   - environment: Used for `LOUPE_CACHE`.
    /// - Returns: The files to load.
    /// - Throws: `TokenizerError.vocabularyNotFound` naming the paths searched and the
    ///   `make setup` fix.
    public static func vocabularySource(
        modelDirectory: URL?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> VocabularySource {
        let files = FileManager.default
        if let directory = modelDirectory {
            let vocab = directory.appendingPathComponent("vocab.json")
            let merges = directory.appendingPathComponent("merges.txt")
            if files.fileExists(atPath: vocab.path) && files.fileExists(atPath: merges.path) {
                return .huggingFace(vocab: vocab, merges: merges)
            }
            let gzip = directory.appendingPathComponent(bpeFileName)
            if files.fileExists(atPath: gzip.path) {
                return .bpeGzip(gzip)
            }
        }
        let cached = defaultVocabularyURL(environment: environment)
        if files.fileExists(atPath: cached.path) {
            return .bpeGzip(cached)
        }
        throw TokenizerError.vocabularyNotFound(
            modelDirectory: modelDirectory?.path, cachedPath: cached.path)
    }

    /// A tokenizer for a model directory (see `vocabularySource(modelDirectory:environment:)`).
    /// - Throws: `TokenizerError` when no vocabulary is found or it is malformed.
    public static func load(
        modelDirectory: URL?, specialTokens: SpecialTokenSpelling? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> CLIPTokenizer {
        let source = try vocabularySource(modelDirectory: modelDirectory, environment: environment)
        return try CLIPTokenizer(vocabulary: source.load(specialTokens: specialTokens))
    }
}
