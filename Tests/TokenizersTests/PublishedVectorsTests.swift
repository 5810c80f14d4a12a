import Testing

@testable import Tokenizers

/// Token ids published by third parties (REFERENCE.md §2.2; shared/data/clip-reference
/// REFERENCE.md §1.2), each with its source.
@Suite("Published token-id vectors", .enabled(if: Fixtures.hasVocabulary))
struct PublishedVectorsTests {
    static let vectors: [(text: String, ids: [Int32], source: String)] = [
        ("hello world", [49406, 3306, 1002, 49407], "huggingface/transformers#12142"),
        (
            "a photo of a fox", [49406, 320, 1125, 539, 320, 3240, 49407],
            "CrispStrobe/CrispEmbed#30"
        ),
        ("test tokenization", [49406, 1628, 32634, 10847, 49407], "huggingface/diffusers#2201"),
        (
            "this is a test string of text", [49406, 589, 533, 320, 1628, 9696, 539, 4160, 49407],
            "huggingface/transformers.js#74"
        ),
        ("my", [49406, 607, 49407], "huggingface/transformers#37699"),
        ("a photo of a cat", [49406, 320, 1125, 539, 320, 2368, 49407], "elixir-nx/bumblebee"),
        ("a photo of a dog", [49406, 320, 1125, 539, 320, 1929, 49407], "elixir-nx/bumblebee"),
        ("Hello World!", [49406, 3306, 1002, 256, 49407], "openai/CLIP Interacting_with_CLIP"),
    ]

    @Test("published ids", arguments: 0 ..< vectors.count)
    func published(index: Int) throws {
        let tokenizer = try #require(Fixtures.tokenizer)
        let vector = Self.vectors[index]
        let row = tokenizer.tokenize(vector.text)
        #expect(row.count == 77)
        #expect(Array(row.prefix(vector.ids.count)) == vector.ids, "\(vector.source)")
        #expect(row.dropFirst(vector.ids.count).allSatisfy { $0 == 0 })
    }

    @Test("bare subword and end-of-word forms differ (my = 1152, my</w> = 607)")
    func subwordForms() throws {
        let tokenizer = try #require(Fixtures.tokenizer)
        #expect(tokenizer.vocabulary.id(of: "my") == 1152)
        #expect(tokenizer.encode("my") == [607])
        #expect(tokenizer.decode([1152, 607]) == "mymy ")
    }
}
