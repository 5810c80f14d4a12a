import SyntheticWorld
import Testing

@Suite("Hard negatives")
struct NegativeTests {
    static let samples: [SceneRecord] =
        (0 ..< 300).map { SceneFactory.make(split: .train, index: $0, seed: 8, size: 64) }
        + (0 ..< 150).map { SceneFactory.make(split: .test, index: $0, seed: 8, size: 64) }

    @Test("positive captions are grammatical and true of the scene")
    func positivesAreTrue() throws {
        for record in Self.samples {
            for caption in [record.dense, record.paraphrase] {
                let parsed = try #require(ParsedCaption.parse(caption), "\(caption)")
                #expect(parsed.isTrue(of: record.scene), "\(record.id): \(caption)")
                #expect(parsed.background == record.scene.background.phrase)
                #expect(parsed.mentions.count == record.scene.objects.count)
            }
            #expect(record.chain.last == record.dense)
        }
    }

    @Test("structural negatives stay in the grammar and are false of the scene")
    func structuralNegativesAreFalse() throws {
        var counts: [NegativeKind: Int] = [:]
        for record in Self.samples {
            for kind in NegativeKind.allCases where kind.isStructural {
                guard let negative = record.negatives[kind] else { continue }
                counts[kind, default: 0] += 1
                #expect(negative != record.dense && negative != record.paraphrase)
                let parsed = try #require(
                    ParsedCaption.parse(negative), "\(kind.rawValue) not grammatical: \(negative)")
                #expect(!parsed.isTrue(of: record.scene), "\(kind.rawValue) true: \(negative)")
            }
        }
        for kind in NegativeKind.allCases where kind.isStructural {
            #expect((counts[kind] ?? 0) >= 100, "\(kind.rawValue): only \(counts[kind] ?? 0)")
        }
    }

    @Test("each kind changes only what it names")
    func kindsChangeTheirSlot() throws {
        for record in Self.samples {
            let positive = try #require(ParsedCaption.parse(record.dense))
            func parsed(_ kind: NegativeKind) -> ParsedCaption? {
                record.negatives[kind].flatMap(ParsedCaption.parse)
            }
            if let n = parsed(.replaceRel) {
                #expect(n.mentions == positive.mentions)
                #expect(n.clauses.map(\.relation) != positive.clauses.map(\.relation))
            }
            if let n = parsed(.addObj) {
                #expect(n.mentions.count == positive.mentions.count + 1)
                #expect(Array(n.mentions.prefix(positive.mentions.count)) == positive.mentions)
            }
            if let n = parsed(.relationSwap) {
                #expect(Set(n.mentions.map(\.colour)) == Set(positive.mentions.map(\.colour)))
                #expect(n.clauses.first?.subject == positive.clauses.first?.object)
            }
            if let n = parsed(.swapObj) {
                #expect(n.mentions.map(\.colour) == positive.mentions.map(\.colour))
                #expect(n.mentions.map(\.shape).sorted() == positive.mentions.map(\.shape).sorted())
            }
            if let n = parsed(.addAtt) {
                #expect(n.mentions.map(\.colour) == positive.mentions.map(\.colour))
                let added = zip(n.mentions, positive.mentions).filter { $0.texture != $1.texture }
                #expect(added.count == 1 && added.first?.1.texture == "solid")
            }
        }
    }

    @Test("validity mask: impossible kinds are absent")
    func validityMask() {
        for record in Self.samples {
            let objects = record.scene.objects
            if objects.count == 1 {
                for kind in [NegativeKind.replaceRel, .swapObj, .swapAtt, .relationSwap] {
                    #expect(record.negatives[kind] == nil, "\(record.id) \(kind.rawValue)")
                }
            } else if record.split == .test {
                // (In training a swap may be dropped because it would state a held-out fact.)
                #expect(record.negatives[.relationSwap] != nil)
                #expect(record.negatives[.replaceRel] != nil)
            }
            if Set(objects.map(\.shape)).count == 1 { #expect(record.negatives[.swapObj] == nil) }
            if objects.allSatisfy({ $0.texture != .solid }) {
                #expect(record.negatives[.addAtt] == nil)
            }
        }
    }

    @Test("order perturbations permute the dense caption's words")
    func orderPerturbations() {
        var present = 0
        for record in Self.samples {
            let words = record.dense.split(separator: " ").sorted()
            for kind in NegativeKind.order {
                guard let negative = record.negatives[kind] else { continue }
                present += 1
                #expect(negative != record.dense)
                #expect(negative.split(separator: " ").sorted() == words, "\(kind.rawValue)")
            }
            if let shuffled = record.negatives[.shuffleNounsAndAdj] {
                // Function words stay in place when only nouns and adjectives move.
                let a = record.dense.split(separator: " ")
                let b = shuffled.split(separator: " ")
                for (x, y) in zip(a, b) where ["a", "an", "the", "on", "and", "of"].contains(x) {
                    #expect(x == y)
                }
            }
        }
        #expect(present > Self.samples.count * 3)
    }

    @Test("negative chains contradict the positive chain at every level")
    func negativeChains() throws {
        for record in Self.samples {
            #expect(record.chain.count == 4 && record.negativeChain.count == 4)
            for level in 0 ..< 4 {
                #expect(record.chain[level] != record.negativeChain[level])
            }
            let negative = try #require(ParsedCaption.parse(record.negativeChain[3]))
            #expect(!negative.isTrue(of: record.scene))
            let shapes = Set(record.scene.objects.map(\.shape.word))
            #expect(negative.mentions.allSatisfy { !shapes.contains($0.shape) })
        }
    }

    @Test("chains go from generic to specific")
    func chainsNest() {
        for record in Self.samples {
            let n = record.scene.objects.count
            #expect(record.chain[0] == (n == 1 ? "a shape" : "shapes"))
            for object in record.scene.objects {
                #expect(record.chain[1].contains(object.shape.word))
                #expect(record.chain[2].contains("\(object.colour.word) \(object.shape.word)"))
                #expect(!record.chain[1].contains(object.colour.word))
            }
            #expect(record.chain[1].count < record.chain[2].count)
            #expect(record.chain[2].count < record.chain[3].count)
            #expect(record.sparse.split(separator: " ").count <= 5)
        }
    }
}
