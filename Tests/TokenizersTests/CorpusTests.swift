import Testing

@testable import Tokenizers

/// One corpus string with open_clip's outputs (`Tools/fixtures/make_tokenizer_fixtures.py`).
struct CorpusCase: Decodable, Sendable {
    struct Stages: Decodable, Sendable {
        let fixed: String
        let unescaped: String
        let stripped: String
        let whitespace_collapsed: String
        let lowercased: String
    }

    let category: String
    let text: String
    let stages: Stages
    let ids: [Int]
    let ids_openai: [Int]
    let tokenized: [Int32]
}

struct Corpus: Decodable, Sendable {
    let context_length: Int
    let cases: [CorpusCase]
}

@Suite("open_clip corpus")
struct CorpusTests {
    let corpus: Corpus

    init() throws {
        corpus = try Fixtures.load("corpus.json")
    }

    @Test("corpus covers every category with enough strings")
    func corpusSize() {
        #expect(corpus.cases.count >= 300)
        let categories = Set(corpus.cases.map(\.category))
        #expect(categories.count >= 15)
    }

    @Test("every cleaning stage matches Python")
    func cleaningStages() {
        var mismatches = [String]()
        for item in corpus.cases {
            let stages = TextCleaner.stages(item.text)
            let pairs = [
                ("fixed", stages.fixed, item.stages.fixed),
                ("unescaped", stages.unescaped, item.stages.unescaped),
                ("stripped", stages.stripped, item.stages.stripped),
                ("whitespace", stages.whitespaceCollapsed, item.stages.whitespace_collapsed),
                ("lowercased", stages.lowercased, item.stages.lowercased),
            ]
            for (stage, actual, expected) in pairs where scalars(actual) != scalars(expected) {
                mismatches.append(
                    "\(escaped(item.text)) [\(stage)]: \(escaped(actual)) != \(escaped(expected))")
                break
            }
            #expect(scalars(TextCleaner.clean(item.text)) == scalars(item.stages.lowercased))
        }
        #expect(
            mismatches.isEmpty,
            "\(mismatches.count) strings clean differently:\n\(mismatches.joined(separator: "\n"))")
    }

    @Test("encode gives open_clip SimpleTokenizer ids", .enabled(if: Fixtures.hasVocabulary))
    func encodeIDs() throws {
        let tokenizer = try #require(Fixtures.tokenizer)
        var mismatches = [String]()
        for item in corpus.cases where tokenizer.encode(item.text) != item.ids {
            mismatches.append(
                "\(escaped(item.text)): \(tokenizer.encode(item.text)) != \(item.ids)")
        }
        print("corpus: \(corpus.cases.count - mismatches.count)/\(corpus.cases.count) identical")
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    @Test(
        "OpenAI special-token spelling gives openai/CLIP ids", .enabled(if: Fixtures.hasVocabulary))
    func encodeOpenAI() throws {
        let tokenizer = try #require(Fixtures.openAITokenizer)
        for item in corpus.cases {
            #expect(tokenizer.encode(item.text) == item.ids_openai, "\(escaped(item.text))")
        }
        #expect(corpus.cases.contains { $0.ids != $0.ids_openai })
    }

    @Test("tokenize matches open_clip.tokenize rows", .enabled(if: Fixtures.hasVocabulary))
    func tokenizeRows() throws {
        let tokenizer = try #require(Fixtures.tokenizer)
        let rows = tokenizer.tokenize(
            corpus.cases.map(\.text), contextLength: corpus.context_length)
        #expect(rows.count == corpus.cases.count)
        for (row, item) in zip(rows, corpus.cases) {
            #expect(row == item.tokenized, "\(escaped(item.text))")
        }
        #expect(corpus.cases.contains { $0.ids.count + 2 > corpus.context_length })
    }
}
