import SyntheticWorld
import Testing

@Suite("Held-out combinations")
struct HeldOutTests {
    static let heldOut = HeldOutCombos.standard
    static let train = (0 ..< 1500).map {
        SceneFactory.make(split: .train, index: $0, seed: 21, size: 64)
    }
    static let test = (0 ..< 600).map {
        SceneFactory.make(split: .test, index: $0, seed: 21, size: 64)
    }

    @Test("the standard list is a fixed matching plus six facts")
    func standardList() {
        let list = Self.heldOut
        #expect(list.colourShapes.count == Colour.allCases.count)
        #expect(Set(list.colourShapes.map(\.colour)).count == Colour.allCases.count)
        #expect(Set(list.colourShapes.map(\.shape)).count == Colour.allCases.count)
        #expect(list.facts.count == 6)
        #expect(list.facts.allSatisfy { $0.subject != $0.object })
        #expect(list == HeldOutCombos.standard)
        // A fact and its converse are the same fact.
        let fact = list.facts[0]
        #expect(list.contains(RelationFact(fact.object, fact.relation.converse, fact.subject)))
    }

    /// Every text the record carries.
    private func texts(_ record: SceneRecord) -> [String] {
        [record.dense, record.paraphrase, record.sparse] + record.chain + record.negativeChain
            + Array(record.negatives.values)
    }

    @Test("training scenes never show a held-out combination")
    func trainingImagesClean() {
        for record in Self.train {
            #expect(record.heldOut.isEmpty, "\(record.id): \(record.heldOut)")
            for object in record.scene.objects {
                #expect(!Self.heldOut.contains(object.colour, object.shape))
            }
            #expect(record.scene.trueFacts.allSatisfy { !Self.heldOut.contains($0) })
        }
    }

    /// The relation facts a text states word by word: for each relation phrase, the nearest
    /// shape word before it and the first shape word after it.
    private func factsNamed(in text: String) -> [RelationFact] {
        let words = text.split(separator: " ").map(String.init)
        var facts: [RelationFact] = []
        for relation in Relation.allCases {
            let phrase = relation.phrase.split(separator: " ").map(String.init)
            var start = 0
            while start + phrase.count <= words.count {
                defer { start += 1 }
                guard Array(words[start ..< start + phrase.count]) == phrase else { continue }
                let subject = words[..<start].reversed().lazy.compactMap(Shape.init(word:)).first
                let object = words[(start + phrase.count)...].lazy.compactMap(Shape.init(word:))
                    .first
                if let subject, let object { facts.append(RelationFact(subject, relation, object)) }
            }
        }
        return facts
    }

    @Test("training texts never name a held-out combination")
    func trainingTextsClean() {
        let pairs = Self.heldOut.colourShapes.map(\.description)
        var facts = 0
        for record in Self.train {
            for text in texts(record) {
                let padded = " \(text) "
                for pair in pairs {
                    #expect(!padded.contains(" \(pair) "), "\(record.id): \(text)")
                }
                for fact in factsNamed(in: text) {
                    facts += 1
                    #expect(!Self.heldOut.contains(fact), "\(record.id): \(text)")
                }
            }
        }
        #expect(facts > 1000)
    }

    @Test("the library's text check finds what this test's scanner finds")
    func textCheckAgrees() {
        for record in Self.test {
            for text in texts(record) {
                let pairs = Self.heldOut.colourShapes.map(\.description)
                let expected =
                    pairs.contains { " \(text) ".contains(" \($0) ") }
                    || factsNamed(in: text).contains(where: Self.heldOut.contains)
                #expect(Self.heldOut.isNamed(in: text) == expected, "\(text)")
            }
        }
    }

    @Test("the test split exercises every held-out combination and fresh ones")
    func testSplitCoverage() {
        var seen: [String: Int] = [:]
        for record in Self.test {
            for combo in record.heldOut { seen[combo, default: 0] += 1 }
        }
        let all =
            Self.heldOut.colourShapes.map(\.description)
            + Self.heldOut.facts.map(\.description)
        for combo in all { #expect((seen[combo] ?? 0) >= 5, "\(combo): \(seen[combo] ?? 0)") }
        let withHeldOut = Self.test.filter { !$0.heldOut.isEmpty }.count
        #expect(withHeldOut > Self.test.count / 3 && withHeldOut < Self.test.count * 3 / 4)
        // Forced relation facts are stated by the dense caption.
        var stated = 0
        for record in Self.test {
            let parsed = ParsedCaption.parse(record.dense)
            for clause in parsed?.clauses ?? [] {
                guard let subject = Shape(word: clause.subject[1]),
                    let relation = Relation(phrase: clause.relation),
                    let object = Shape(word: clause.object[1])
                else { continue }
                if Self.heldOut.contains(RelationFact(subject, relation, object)) { stated += 1 }
            }
        }
        #expect(stated >= 100)
    }
}
