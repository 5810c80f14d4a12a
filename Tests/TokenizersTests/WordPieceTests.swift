import Foundation
import Testing

@testable import Tokenizers

/// WordPiece ids against transformers' two BERT tokenizers (Tools/fixtures/make_bert_fixtures.py):
/// `slow` = Python BertTokenizerLegacy, `fast` = tokenizers-backed BertTokenizer.
@Suite("WordPiece tokenizer")
struct WordPieceTests {
    struct Case: Decodable {
        let text: String
        let slow: [Int]
        let fast: [Int]
    }
    struct CaseFile: Decodable { let cases: [Case] }

    static let bertFixtures = Fixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/bert")
    static let miniLM = CLIPTokenizer.cacheDirectory()
        .appendingPathComponent("sentence-encoders/all-MiniLM-L6-v2")
    static let hasMiniLM: Bool = {
        let present = FileManager.default.fileExists(atPath: miniLM.appendingPathComponent("vocab.txt").path)
        if !present { print("skipping MiniLM WordPiece tests: \(miniLM.path) is missing (run `make setup`)") }
        return present
    }()

    static func cases(_ name: String) throws -> [Case] {
        try JSONDecoder().decode(CaseFile.self, from: Data(contentsOf: bertFixtures.appendingPathComponent(name))).cases
    }

    static func check(_ tokenizer: WordPieceTokenizer, _ cases: [Case], reference: KeyPath<Case, [Int]>) -> Int {
        var failures = 0
        for c in cases {
            let ids = tokenizer.encode(c.text, maxLength: 100_000)
            if ids != c[keyPath: reference] {
                failures += 1
                if failures <= 5 {
                    Issue.record("\(String(reflecting: c.text)): got \(ids), expected \(c[keyPath: reference])")
                }
            }
        }
        return failures
    }

    @Test("MiniLM vocab: tokenizers flavor equals the fast tokenizer on every hard string",
          .enabled(if: hasMiniLM))
    func miniLMFast() throws {
        let cases = try Self.cases("wordpiece_minilm.json")
        #expect(cases.count >= 200)
        let tokenizer = try WordPieceTokenizer.load(directory: Self.miniLM, flavor: .tokenizers)
        #expect(Self.check(tokenizer, cases, reference: \.fast) == 0)
    }

    @Test("MiniLM vocab: python flavor equals the Python BertTokenizerLegacy on every hard string",
          .enabled(if: hasMiniLM))
    func miniLMSlow() throws {
        let cases = try Self.cases("wordpiece_minilm.json")
        let tokenizer = try WordPieceTokenizer.load(directory: Self.miniLM, flavor: .python)
        #expect(Self.check(tokenizer, cases, reference: \.slow) == 0)
        // The corpus does reach the places where the references differ.
        #expect(cases.filter { $0.slow != $0.fast }.count > 0)
    }

    @Test("MiniLM vocab from tokenizer.json alone gives the same ids as vocab.txt", .enabled(if: hasMiniLM))
    func tokenizerJSONOnly() throws {
        let json = try WordPieceVocabulary.load(tokenizerJSONAt: Self.miniLM.appendingPathComponent("tokenizer.json"))
        let text = try WordPieceVocabulary.load(vocabTextAt: Self.miniLM.appendingPathComponent("vocab.txt"))
        #expect(json.count == 30522)
        #expect(json == text)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wp-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(
            at: Self.miniLM.appendingPathComponent("tokenizer.json"), to: directory.appendingPathComponent("tokenizer.json"))
        let tokenizer = try WordPieceTokenizer.load(directory: directory)
        #expect(tokenizer.basic.lowercase)
        #expect(tokenizer.maxLength == 512)
        let cases = try Self.cases("wordpiece_minilm.json")
        #expect(Self.check(tokenizer, cases, reference: \.fast) == 0)
    }

    @Test("small cased vocabulary: both flavors equal their references")
    func tinyVocabulary() throws {
        let directory = Self.bertFixtures.appendingPathComponent("tiny-vocab")
        let cases = try Self.cases("wordpiece_tiny.json")
        let fast = try WordPieceTokenizer.load(directory: directory, flavor: .tokenizers)
        let slow = try WordPieceTokenizer.load(directory: directory, flavor: .python)
        #expect(!fast.basic.lowercase && fast.maxLength == 64)
        #expect(Self.check(fast, cases, reference: \.fast) == 0)
        #expect(Self.check(slow, cases, reference: \.slow) == 0)
    }

    @Test("truncation keeps [CLS], the first maxLength − 2 pieces and [SEP]; padding and mask")
    func truncationAndPadding() throws {
        let tokenizer = try WordPieceTokenizer.load(directory: Self.bertFixtures.appendingPathComponent("tiny-vocab"))
        let full = tokenizer.ids("the man the dog the cat")
        #expect(full.count == 6)
        #expect(tokenizer.encode("the man the dog the cat", maxLength: 5) == [tokenizer.clsID] + full.prefix(3) + [tokenizer.sepID])
        let batch = tokenizer.encodeBatch(["the man", "the dog the cat"])
        #expect(batch.length == 6 && batch.batchSize == 2)
        #expect(batch.mask == [[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1]])
        #expect(batch.ids[0].suffix(2) == [tokenizer.padID, tokenizer.padID])
        #expect(tokenizer.encodeBatch(["the"], padTo: 8).length == 8)
    }

    @Test("a word of more than 100 code points is one [UNK]; 100 is still split")
    func longWords() throws {
        let tokenizer = try WordPieceTokenizer.load(directory: Self.bertFixtures.appendingPathComponent("tiny-vocab"))
        #expect(tokenizer.ids(String(repeating: "a", count: 101)) == [tokenizer.unknownID])
        #expect(tokenizer.ids(String(repeating: "a", count: 100)).count == 100)
    }

    @Test("a missing vocabulary and a bad configuration value name the file and key")
    func errors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wp-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: TokenizerError.self) { try WordPieceTokenizer.load(directory: directory) }
        try "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\na\n".write(
            to: directory.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        try #"{"do_lower_case": "yes"}"#.write(
            to: directory.appendingPathComponent("tokenizer_config.json"), atomically: true, encoding: .utf8)
        let error = #expect(throws: TokenizerConfigurationError.self) { try WordPieceTokenizer.load(directory: directory) }
        #expect(error?.key == "do_lower_case")
        #expect(error?.description.contains("tokenizer_config.json") == true)
    }
}
