import Foundation
import Testing

@testable import Tokenizers

/// Paths, fixture loading and the shared reference vocabulary for the tokenizer tests.
enum Fixtures {
    /// The package root, from this file's location.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Fixtures/tokenizer`.
    static let directory = repositoryRoot.appendingPathComponent("Tests/Fixtures/tokenizer")

    /// `$LOUPE_SHARED_DATA`, else `<repo root>/../shared/data`.
    static let sharedData: URL = {
        if let path = ProcessInfo.processInfo.environment["LOUPE_SHARED_DATA"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }()

    /// The CLIP reference kit: `bpe_simple_vocab_16e6.txt.gz`, `vocab.json`, `merges.txt`.
    static let clipReference = sharedData.appendingPathComponent("clip-reference")
    static let sharedGzip = clipReference.appendingPathComponent("bpe_simple_vocab_16e6.txt.gz")
    static let sharedVocabJSON = clipReference.appendingPathComponent("vocab.json")
    static let sharedMerges = clipReference.appendingPathComponent("merges.txt")

    static let hasSharedGzip = exists(sharedGzip, "shared CLIP vocabulary")
    static let hasSharedHuggingFace =
        exists(sharedVocabJSON, "shared vocab.json") && exists(sharedMerges, "shared merges.txt")
    static let hasCaptions = exists(
        sharedData.appendingPathComponent("coco-captions"), "shared caption datasets")
    static let cachedGzip = CLIPTokenizer.defaultVocabularyURL()
    static let hasCachedGzip = exists(cachedGzip, "default vocabulary (run `make setup`)")

    /// The BPE file tests use: the shared reference copy, else the `make setup` cache.
    static let gzip: URL? = hasSharedGzip ? sharedGzip : hasCachedGzip ? cachedGzip : nil
    static let hasVocabulary = gzip != nil

    /// open_clip-spelled tokenizer over `gzip`.
    static let tokenizer: CLIPTokenizer? = gzip.flatMap {
        try? CLIPTokenizer(vocabulary: BPEVocabulary.load(bpeGzipAt: $0))
    }

    /// OpenAI-spelled tokenizer over `gzip`.
    static let openAITokenizer: CLIPTokenizer? = gzip.flatMap {
        try? CLIPTokenizer(vocabulary: BPEVocabulary.load(bpeGzipAt: $0, specialTokens: .openAI))
    }

    private static func exists(_ url: URL, _ what: String) -> Bool {
        let present = FileManager.default.fileExists(atPath: url.path)
        if !present {
            print("note: \(what) not found at \(url.path); dependent tests are skipped")
        }
        return present
    }

    /// Decodes `Tests/Fixtures/tokenizer/<name>`.
    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONDecoder().decode(T.self, from: data)
    }
}

/// Code-point-exact string comparison: Swift `String ==` treats canonically equivalent
/// strings as equal, the reference does not.
func scalars(_ text: String) -> [UInt32] {
    text.unicodeScalars.map(\.value)
}

/// A readable form of a string for failure messages.
func escaped(_ text: String) -> String {
    text.unicodeScalars.map { scalar in
        scalar.value < 0x20 || (0x7F ... 0xA0).contains(scalar.value) || scalar.value > 0xFFFF
            ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
    }.joined()
}
