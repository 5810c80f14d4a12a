import Dispatch
import Testing

@testable import Tokenizers

@Suite("tokenize: truncation, padding, concurrency", .enabled(if: Fixtures.hasVocabulary))
struct TokenizeTests {
    struct ShortContext: Decodable, Sendable {
        let context_length: Int
        let texts: [String]
        let rows: [[Int32]]
    }

    struct CorpusWithShortContexts: Decodable, Sendable {
        let cases: [CorpusCase]
        let short_context: [ShortContext]
    }

    let tokenizer: CLIPTokenizer
    let corpus: CorpusWithShortContexts

    init() throws {
        tokenizer = try #require(Fixtures.tokenizer)
        corpus = try Fixtures.load("corpus.json")
    }

    @Test("other context lengths match open_clip.tokenize(context_length:)")
    func shortContexts() {
        #expect(corpus.short_context.map(\.context_length) == [1, 2, 5, 16])
        for group in corpus.short_context {
            let rows = tokenizer.tokenize(group.texts, contextLength: group.context_length)
            #expect(rows == group.rows, "context \(group.context_length)")
        }
    }

    @Test("truncation keeps the first ids and ends with end-of-text")
    func truncationKeepsEndOfText() {
        let long = corpus.cases.filter { $0.ids.count + 2 > 77 }
        #expect(long.count >= 5)
        for item in long {
            let row = tokenizer.tokenize(item.text)
            #expect(row.count == 77)
            #expect(row[0] == 49406 && row[76] == 49407)
            #expect(Array(row[1 ..< 76]) == item.ids.prefix(75).map(Int32.init))
        }
    }

    @Test("boundary: 75 ids fit exactly, 76 are truncated")
    func boundary() {
        let fits = tokenizer.tokenize(String(repeating: "word ", count: 74) + "end")
        #expect(fits[76] == 49407 && fits[75] != 49407)
        let cut = tokenizer.tokenize(String(repeating: "word ", count: 75) + "end")
        #expect(cut[76] == 49407 && cut[75] == tokenizer.encodeIDs("word")[0])
    }

    @Test("padding is id 0 after end-of-text; empty text is start, end, padding")
    func padding() {
        let row = tokenizer.tokenize("")
        #expect(row == [49406, 49407] + Array(repeating: 0, count: 75))
        #expect(tokenizer.encode("   \n\t ") == [])
    }

    @Test("a literal end token inside the text (OpenAI spelling) becomes id 49407")
    func literalSpecials() throws {
        let openAI = try #require(Fixtures.openAITokenizer)
        let item = try #require(corpus.cases.first { $0.text == "x<|endoftext|>y" })
        #expect(openAI.encode(item.text) == item.ids_openai)
        #expect(item.ids_openai.contains(49407) && !item.ids.contains(49407))
    }

    @Test("concurrent tokenization from many threads gives identical results")
    func concurrent() throws {
        let gzip = try #require(Fixtures.gzip)
        // A fresh tokenizer, so the threads race on a cold BPE cache.
        let shared = try CLIPTokenizer(vocabulary: BPEVocabulary.load(bpeGzipAt: gzip))
        let texts = corpus.cases.map(\.text)
        let expected = corpus.cases.map(\.tokenized)
        let threads = 8
        let results = ResultBox(count: threads)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            // Each thread walks the corpus from a different offset.
            let order = (0 ..< texts.count).map { ($0 + thread * 37) % texts.count }
            var rows = [[Int32]](repeating: [], count: texts.count)
            for index in order {
                rows[index] = shared.tokenize(texts[index])
            }
            results.store(rows, at: thread)
        }
        for thread in 0 ..< threads {
            #expect(results.value(at: thread) == expected, "thread \(thread)")
        }
        #expect(shared.tokenize(texts) == expected)
    }
}

/// Per-thread result slots for the concurrency test.
final class ResultBox: @unchecked Sendable {
    private var slots: [[[Int32]]]
    private let lock = DispatchQueue(label: "ResultBox")

    init(count: Int) {
        slots = Array(repeating: [], count: count)
    }

    func store(_ rows: [[Int32]], at index: Int) {
        lock.sync { slots[index] = rows }
    }

    func value(at index: Int) -> [[Int32]] {
        lock.sync { slots[index] }
    }
}
