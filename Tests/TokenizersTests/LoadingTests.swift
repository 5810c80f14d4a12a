import Foundation
import Testing

@testable import Tokenizers

@Suite("Vocabulary loading and resolution")
struct LoadingTests {
    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("loupe-tokenizer-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a missing gzip file names the path")
    func missingFile() throws {
        let url = URL(fileURLWithPath: "/nonexistent/bpe_simple_vocab_16e6.txt.gz")
        #expect(throws: TokenizerError.fileNotFound(path: url.path)) {
            try BPEVocabulary.load(bpeGzipAt: url)
        }
    }

    @Test("bytes that are not gzip, and a truncated gzip, are reported")
    func malformedGzip() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let garbage = directory.appendingPathComponent("garbage.gz")
        try Data("this is not gzip data at all".utf8).write(to: garbage)
        let error = #expect(throws: TokenizerError.self) {
            try BPEVocabulary.load(bpeGzipAt: garbage)
        }
        guard case .malformedGzip(let path, _) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(path == garbage.path)
        #expect(String(describing: error!).contains("garbage.gz"))

        if let source = Fixtures.gzip {
            let truncated = directory.appendingPathComponent("truncated.gz")
            let data = try Data(contentsOf: source)
            try data.prefix(data.count / 2).write(to: truncated)
            let error = #expect(throws: TokenizerError.self) {
                try BPEVocabulary.load(bpeGzipAt: truncated)
            }
            #expect(String(describing: error!).contains("truncated"))
        }
    }

    @Test("too few merge lines and malformed merge lines are reported with line numbers")
    func malformedBPEText() throws {
        #expect(throws: TokenizerError.self) {
            try BPEVocabulary.load(bpeText: "#version\ni n\n", source: "short.txt")
        }
        let error = #expect(throws: TokenizerError.self) {
            try BPEVocabulary.load(
                bpeText: "#version\ni n\nt h e\n", mergeCount: 2, source: "bad.txt")
        }
        #expect(String(describing: error!).contains("line 3"))
        #expect(String(describing: error!).contains("bad.txt"))
        let unknown = #expect(throws: TokenizerError.self) {
            try BPEVocabulary.load(bpeText: "#version\ni n\nin zz\n", mergeCount: 2)
        }
        #expect(String(describing: unknown!).contains("merge 2"))
    }

    @Test("a tiny valid merge list builds a working vocabulary")
    func tinyVocabulary() throws {
        let vocabulary = try BPEVocabulary.load(
            bpeText: "#version\nh e\nl l\nhe ll\nhell o</w>\n", mergeCount: 4)
        #expect(vocabulary.count == 512 + 4 + 2)
        #expect(vocabulary.startOfTextID == 516 && vocabulary.endOfTextID == 517)
        let tokenizer = CLIPTokenizer(vocabulary: vocabulary)
        #expect(tokenizer.encode("Hello") == [Int(vocabulary.id(of: "hello</w>")!)])
        // "l l" never applies to "l" + "l</w>": the word end is part of the last symbol.
        let hell = ["he", "l", "l</w>"].map { Int(vocabulary.id(of: $0)!) }
        #expect(tokenizer.encode("hell") == hell)
        #expect(hell == [512, 75, 331])
        #expect(tokenizer.decode(tokenizer.encode("hello hell")) == "hello hell ")
    }

    @Test("vocab.json that is not an id object, or lacks specials, is reported")
    func malformedHuggingFace() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let vocab = directory.appendingPathComponent("vocab.json")
        let merges = directory.appendingPathComponent("merges.txt")
        try Data("#version: 0.2\n".utf8).write(to: merges)
        try Data("[1, 2, 3]".utf8).write(to: vocab)
        let notObject = #expect(throws: TokenizerError.self) {
            try BPEVocabulary.load(vocabJSONAt: vocab, mergesAt: merges)
        }
        #expect(String(describing: notObject!).contains("vocab.json"))
        try Data(#"{"a": 0}"#.utf8).write(to: vocab)
        let noSpecials = #expect(throws: TokenizerError.self) {
            try BPEVocabulary.load(vocabJSONAt: vocab, mergesAt: merges)
        }
        #expect(String(describing: noSpecials!).contains("<|startoftext|>"))
        #expect(
            throws: TokenizerError.fileNotFound(
                path: directory.appendingPathComponent("x.txt").path)
        ) {
            try BPEVocabulary.load(
                vocabJSONAt: vocab, mergesAt: directory.appendingPathComponent("x.txt"))
        }
    }

    @Test("resolution: model directory files win, then the cache, else a make-setup error")
    func resolution() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = directory.appendingPathComponent("model", isDirectory: true)
        let cache = directory.appendingPathComponent("cache", isDirectory: true)
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        let environment = ["LOUPE_CACHE": cache.path]

        let missing = #expect(throws: TokenizerError.self) {
            try CLIPTokenizer.vocabularySource(modelDirectory: model, environment: environment)
        }
        let message = String(describing: missing!)
        #expect(message.contains("make setup"))
        #expect(
            message.contains(cache.appendingPathComponent("clip/bpe_simple_vocab_16e6.txt.gz").path)
        )
        #expect(message.contains(model.path))

        let cached = CLIPTokenizer.defaultVocabularyURL(environment: environment)
        try FileManager.default.createDirectory(
            at: cached.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data().write(to: cached)
        #expect(
            try CLIPTokenizer.vocabularySource(modelDirectory: model, environment: environment)
                == .bpeGzip(cached))
        #expect(
            try CLIPTokenizer.vocabularySource(modelDirectory: nil, environment: environment)
                == .bpeGzip(cached))

        let own = model.appendingPathComponent("bpe_simple_vocab_16e6.txt.gz")
        try Data().write(to: own)
        #expect(
            try CLIPTokenizer.vocabularySource(modelDirectory: model, environment: environment)
                == .bpeGzip(own))

        let vocab = model.appendingPathComponent("vocab.json")
        let merges = model.appendingPathComponent("merges.txt")
        try Data().write(to: vocab)
        try Data().write(to: merges)
        #expect(
            try CLIPTokenizer.vocabularySource(modelDirectory: model, environment: environment)
                == .huggingFace(vocab: vocab, merges: merges))
        #expect(
            CLIPTokenizer.cacheDirectory(environment: [:]).path.hasSuffix("/.cache/loupe"))
    }

    @Test(
        "load(modelDirectory:) on a Hugging Face directory",
        .enabled(if: Fixtures.hasSharedHuggingFace))
    func huggingFaceDirectory() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Links, not copies, to the shared reference files.
        try FileManager.default.createSymbolicLink(
            at: directory.appendingPathComponent("vocab.json"),
            withDestinationURL: Fixtures.sharedVocabJSON)
        try FileManager.default.createSymbolicLink(
            at: directory.appendingPathComponent("merges.txt"),
            withDestinationURL: Fixtures.sharedMerges)
        let tokenizer = try CLIPTokenizer.load(modelDirectory: directory, environment: [:])
        #expect(tokenizer.vocabulary.specialTokens == .openAI)
        #expect(tokenizer.tokenize("hello world").prefix(4) == [49406, 3306, 1002, 49407])
    }
}
