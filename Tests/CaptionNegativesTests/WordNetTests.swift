import CaptionNegatives
import Foundation
import Testing

/// The WordNet database, or `nil` (with a printed reason) when `make setup` has not installed it.
func wordNetOrSkip(_ test: String = #function) -> WordNet? {
    do { return try WordNet.shared() } catch {
        print("skipping \(test): \(error)")
        return nil
    }
}

@Suite("WordNet reader")
struct WordNetTests {
    @Test("index lookups find lemmas in sense order, and miss absent ones")
    func lookups() throws {
        guard let wordNet = wordNetOrSkip() else { return }
        let dog = try #require(wordNet.entry("dog", .noun))
        #expect(dog.synsets.first == 2_084_071)
        #expect(dog.taggedSenseCount >= 1)
        #expect(wordNet.entry("dogz", .noun) == nil)
        #expect(wordNet.entry("aardvark", .noun) != nil)
        let first = try #require(wordNet.synset(dog.synsets[0], .noun))
        #expect(first.words.contains("domestic_dog"))
        #expect(!first.targets("@").isEmpty)
    }

    @Test("base forms: exceptions, morphy rules and undoubled stems")
    func baseForms() {
        guard let wordNet = wordNetOrSkip() else { return }
        #expect(wordNet.baseForms(of: "men", .noun).contains("man"))
        #expect(wordNet.baseForms(of: "dogs", .noun).contains("dog"))
        #expect(wordNet.baseForms(of: "riding", .verb).first == "ride")
        #expect(wordNet.baseForms(of: "sitting", .verb).contains("sit"))
        #expect(wordNet.baseForms(of: "sat", .verb).contains("sit"))
        #expect(wordNet.baseForms(of: "taller", .adjective).contains("tall"))
    }

    @Test("a missing folder is an error naming the file and make setup")
    func missing() {
        let folder = URL(fileURLWithPath: "/nonexistent-wordnet")
        #expect {
            try WordNet(directory: folder)
        } throws: { error in
            let text = "\(error)"
            return text.contains("/nonexistent-wordnet/index.noun") && text.contains("make setup")
        }
    }
}
