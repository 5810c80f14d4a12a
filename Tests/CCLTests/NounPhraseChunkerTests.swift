import CCL
import Testing

/// The lexicon chunker on the synthetic world's caption grammar and on a COCO-style caption.
@Suite("Noun-phrase chunker")
struct NounPhraseChunkerTests {
    let chunker = NounPhraseChunker()

    @Test("world captions: every object phrase, the reference and the background")
    func worldCaptions() {
        #expect(chunker.phrases("a small striped red circle to the left of a large blue square and a small dotted green star above the blue square on a grey background")
            == ["a small striped red circle", "a large blue square", "a small dotted green star", "the blue square", "a grey background"])
        #expect(chunker.phrases("a small pink hexagon above a small orange square on a pale blue background")
            == ["a small pink hexagon", "a small orange square", "a pale blue background"])
        #expect(chunker.phrases("a large yellow heart bigger than a small purple cross on a white background")
            == ["a large yellow heart", "a small purple cross", "a white background"])
        #expect(chunker.phrases("a small brown ring with stripes below a large green crescent with dots on a black background")
            == ["a small brown ring", "stripes", "a large green crescent", "dots", "a black background"])
    }

    @Test("COCO-style caption and the whole-text fallback")
    func otherText() {
        #expect(chunker.phrases("A man riding a brown horse on the beach.") == ["A man", "a brown horse", "the beach"])
        #expect(chunker.phrases("is running") == ["is running"])
        #expect(chunker.chunks("is running").isEmpty)
        #expect(chunker.phrases("").isEmpty)
    }
}
