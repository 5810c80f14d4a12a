import CaptionNegatives
import Foundation
import Testing

@testable import Evaluation

@Suite("ARO order perturbations")
struct OrderPerturbationTests {
    static let captions = [
        "A black Honda motorcycle parked in front of a garage.",
        "A child in a pink dress is climbing up a set of stairs in an entry way .",
        "Two dogs play with a red ball on the green grass near a tall tree",
        "A man's hat sits on the old wooden table, next to a cup of hot coffee.",
        "a giraffe standing next to a tree in a field",
    ]

    @Test(
        "each perturbation keeps the bag of tokens and changes the order",
        arguments: OrderPerturbation.allCases)
    func bagKeptOrderChanged(perturbation: OrderPerturbation) {
        for (index, caption) in Self.captions.enumerated() {
            let tokens = WordTokenizer.tokenize(caption)
            var generator = SeededGenerator(seed: 7, stream: UInt64(index))
            let out = perturbation.apply(to: tokens, using: &generator)
            #expect(out.sorted() == tokens.sorted(), "\(perturbation): \(caption)")
            #expect(out != tokens, "\(perturbation) left \"\(caption)\" unchanged")
        }
    }

    @Test("nouns and adjectives move only among their own positions, and the rest stays")
    func positionClasses() {
        let tagger = LexiconTagger()
        for (index, caption) in Self.captions.enumerated() {
            let tokens = WordTokenizer.tokenize(caption)
            let tags = tagger.tags(for: tokens)
            var generator = SeededGenerator(seed: 1, stream: UInt64(index))
            let nounsAdjectives = OrderPerturbation.shuffleNounsAndAdjectives.apply(
                to: tokens, using: &generator)
            for i in tokens.indices where tags[i] == .other {
                #expect(nounsAdjectives[i] == tokens[i])
            }
            for wanted in [CoarseTag.noun, .adjective] {
                let positions = tokens.indices.filter { tags[$0] == wanted }
                #expect(
                    positions.map { nounsAdjectives[$0] }.sorted()
                        == positions.map { tokens[$0] }.sorted())
            }
            let others = OrderPerturbation.shuffleAllButNounsAndAdjectives.apply(
                to: tokens, using: &generator)
            for i in tokens.indices where tags[i] != .other { #expect(others[i] == tokens[i]) }
        }
    }

    @Test("trigram perturbations act on consecutive 3-token chunks")
    func trigrams() {
        let tokens = ["a", "b", "c", "d", "e", "f", "g"]
        var generator = SeededGenerator(seed: 3)
        let within = OrderPerturbation.shuffleWithinTrigrams.apply(to: tokens, using: &generator)
        #expect(
            Set(within[0 ..< 3]) == ["a", "b", "c"] && Set(within[3 ..< 6]) == ["d", "e", "f"])
        #expect(within[6] == "g")
        let across = OrderPerturbation.shuffleTrigrams.apply(to: tokens, using: &generator)
        let chunks = stride(from: 0, to: 7, by: 3).map { Array(tokens[$0 ..< min($0 + 3, 7)]) }
        let starts = across.indices.filter { i in chunks.contains { $0.first == across[i] } }
        #expect(Set(starts.map { across[$0] }) == ["a", "d", "g"])
        #expect(across.joined() != tokens.joined())
    }

    @Test("negatives are reproducible from the seed and differ between seeds")
    func seeded() {
        let caption = Self.captions[2]
        let first = OrderPerturbation.negatives(of: caption, index: 4, seed: 42)
        #expect(first == OrderPerturbation.negatives(of: caption, index: 4, seed: 42))
        #expect(first.count == 4)
        let others = (43 ..< 53).map {
            OrderPerturbation.negatives(of: caption, index: 4, seed: $0)
        }
        #expect(others.contains { $0 != first })
        #expect(OrderPerturbation.negatives(of: caption, index: 5, seed: 42) != first)
    }

    @Test("a caption whose movable tokens are all equal is returned unchanged")
    func nothingToMove() {
        var generator = SeededGenerator(seed: 9)
        #expect(OrderPerturbation.shuffleTrigrams.apply(to: ["dog"], using: &generator) == ["dog"])
        #expect(
            OrderPerturbation.shuffleWithinTrigrams.apply(to: ["x", "x", "x"], using: &generator)
                == ["x", "x", "x"])
    }

    @Test("pre_caption lower-cases, drops . ! \" ( ) * # : ; ~, collapses spaces, truncates")
    func preCaption() {
        #expect(
            OrderPerturbation.preCaption("A Dog (brown)!  Runs: fast.") == "a dog brown runs fast")
        #expect(OrderPerturbation.preCaption("a, b ;c") == "a, b c")
        let long = (1 ... 40).map { "w\($0)" }.joined(separator: " ")
        #expect(OrderPerturbation.preCaption(long).split(separator: " ").count == 30)
    }

    @Test("tokenizer splits edge punctuation and clitics, keeps inner hyphens")
    func tokenizer() {
        #expect(
            WordTokenizer.tokenize("A man's black-and-white hat, (old).")
                == ["A", "man", "'s", "black-and-white", "hat", ",", "(", "old", ")", "."])
        #expect(WordTokenizer.tokenize("It isn't here") == ["It", "is", "n't", "here"])
    }

    @Test("lexicon tags: closed class, listed adjectives, verb forms, default noun")
    func lexicon() {
        let tagger = LexiconTagger()
        let tokens = ["the", "old", "man", "is", "sitting", "on", "a", "wooden", "bench", ".", "3"]
        #expect(
            tagger.tags(for: tokens) == [
                .other, .adjective, .noun, .other, .other, .other, .other, .adjective, .noun,
                .other,
                .other,
            ])
        #expect(tagger.tag("colorful") == .adjective && tagger.tag("parked") == .other)
    }
}
