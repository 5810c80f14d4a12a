import Foundation
import Testing

@testable import Tokenizers

/// Vocabulary reference results (`Tools/fixtures/make_tokenizer_fixtures.py`).
struct VocabularyCases: Decodable, Sendable {
    let vocabulary_size: Int
    let decoded_invalid_utf8: [Sequence]
    let word_token_count: Int
    let word_exceptions: [WordException]
    let sequences: [Sequence]

    struct WordException: Decodable, Sendable {
        let id: Int
        let word: String
        let ids: [Int]

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            id = try container.decode(Int.self)
            word = try container.decode(String.self)
            ids = try container.decode([Int].self)
        }
    }

    /// Ids (one id, or a list) and their reference decode.
    struct Sequence: Decodable, Sendable {
        let ids: [Int]
        let text: String

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            if let ids = try? container.decode([Int].self) {
                self.ids = ids
            } else {
                ids = [try container.decode(Int.self)]
            }
            text = try container.decode(String.self)
        }
    }
}

@Suite("Vocabulary", .enabled(if: Fixtures.hasVocabulary))
struct VocabularyTests {
    let cases: VocabularyCases
    let tokenizer: CLIPTokenizer

    init() throws {
        cases = try Fixtures.load("vocab_cases.json")
        tokenizer = try #require(Fixtures.tokenizer)
    }

    @Test("layout: 49,408 tokens, byte symbols first, specials last")
    func layout() {
        let vocabulary = tokenizer.vocabulary
        #expect(vocabulary.count == 49_408)
        #expect(vocabulary.mergeCount == 48_894)
        #expect(vocabulary.startOfTextID == 49_406 && vocabulary.endOfTextID == 49_407)
        #expect(vocabulary.tokens[0] == "!" && vocabulary.tokens[256] == "!</w>")
        #expect(vocabulary.id(of: "a</w>") == 320)
        #expect(vocabulary.id(of: "my</w>") == 607 && vocabulary.id(of: "my") == 1152)
        #expect(vocabulary.tokens[49_406] == "<start_of_text>")
    }

    @Test("each of the 49,408 ids decodes to its reference string")
    func decodeEveryToken() {
        #expect(cases.vocabulary_size == tokenizer.vocabulary.count)
        let invalid = Dictionary(
            uniqueKeysWithValues: cases.decoded_invalid_utf8.map { ($0.ids[0], $0.text) })
        #expect(invalid.count > 500)
        var failures = [Int]()
        for (id, token) in tokenizer.vocabulary.tokens.enumerated() {
            // Valid UTF-8 tokens decode to their text with `</w>` as a space (the fixture
            // script checks this against Python); the others are listed in the fixture.
            let expected: String
            if let text = invalid[id] {
                expected = text
            } else if let bytes = ByteEncoder.decode(token),
                let text = String(validating: bytes, as: UTF8.self)
            {
                // `</w>` can only end a token.
                let scalarsOfText = Array(text.unicodeScalars)
                let marker = Array("</w>".unicodeScalars)
                var view = String.UnicodeScalarView(scalarsOfText)
                if scalarsOfText.count >= 4 && Array(scalarsOfText.suffix(4)) == marker {
                    view = String.UnicodeScalarView(scalarsOfText.dropLast(4) + [" "])
                }
                expected = String(view)
            } else {
                failures.append(id)
                continue
            }
            if scalars(tokenizer.decode([id])) != scalars(expected) {
                failures.append(id)
            }
        }
        #expect(failures.isEmpty, "ids decoding differently: \(failures.prefix(50))")
    }

    @Test("whole-word tokens encode to themselves (reference exceptions listed)")
    func wholeWordTokens() {
        let exceptions = Dictionary(uniqueKeysWithValues: cases.word_exceptions.map { ($0.id, $0) })
        var checked = 0
        var failures = [String]()
        for (id, token) in tokenizer.vocabulary.tokens.enumerated()
        where token.hasSuffix("</w>") && id < 49_406 {
            guard let bytes = ByteEncoder.decode(String(token.dropLast(4))),
                let word = String(validating: bytes, as: UTF8.self)
            else { continue }
            checked += 1
            let expected = exceptions[id]?.ids ?? [id]
            if tokenizer.encode(word) != expected {
                failures.append("\(id) \(escaped(word)): \(tokenizer.encode(word))")
            }
        }
        #expect(checked == cases.word_token_count)
        #expect(failures.isEmpty, "\(failures.prefix(40))")
    }

    @Test("BPE alone reproduces every whole-word token (no whole-word shortcut needed)")
    func bpeWholeWords() {
        let vocabulary = tokenizer.vocabulary
        var wholeWords = 0
        for (id, token) in vocabulary.tokens.enumerated()
        where token.hasSuffix("</w>") && id < 49_406 {
            wholeWords += 1
            let bytes = ByteEncoder.decode(String(token.dropLast(4)))!
            #expect(vocabulary.bytePairEncode(bytes) == [Int32(id)], "\(id)")
        }
        #expect(wholeWords == 34_483)
    }

    @Test("decode of random id sequences matches SimpleTokenizer.decode")
    func decodeSequences() {
        for sequence in cases.sequences {
            #expect(
                scalars(tokenizer.decode(sequence.ids)) == scalars(sequence.text), "\(sequence.ids)"
            )
        }
    }

    @Test(
        "HF vocab.json + merges.txt gives the same vocabulary and ids",
        .enabled(if: Fixtures.hasSharedHuggingFace))
    func huggingFaceLoader() throws {
        let huggingFace = try BPEVocabulary.load(
            vocabJSONAt: Fixtures.sharedVocabJSON, mergesAt: Fixtures.sharedMerges)
        let gzip = try #require(Fixtures.openAITokenizer).vocabulary
        #expect(huggingFace.tokens == gzip.tokens)
        #expect(huggingFace.mergeCount == gzip.mergeCount)
        #expect(huggingFace.tokens[49_407] == "<|endoftext|>")
        let fromHF = CLIPTokenizer(vocabulary: huggingFace)
        let corpus: Corpus = try Fixtures.load("corpus.json")
        for item in corpus.cases {
            #expect(fromHF.encode(item.text) == item.ids_openai, "\(escaped(item.text))")
        }
        let openCLIPSpelled = try BPEVocabulary.load(
            vocabJSONAt: Fixtures.sharedVocabJSON, mergesAt: Fixtures.sharedMerges,
            specialTokens: .openCLIP)
        #expect(openCLIPSpelled.tokens == tokenizer.vocabulary.tokens)
    }

    @Test(
        "the make-setup cache file equals the reference vocabulary",
        .enabled(if: Fixtures.hasCachedGzip))
    func cachedVocabulary() throws {
        let cached = try BPEVocabulary.load(bpeGzipAt: Fixtures.cachedGzip)
        #expect(cached.tokens == tokenizer.vocabulary.tokens)
        let resolved = try CLIPTokenizer.load(modelDirectory: nil)
        #expect(resolved.encode("a photo of a cat") == [320, 1125, 539, 320, 2368])
    }
}
