import SyntheticWorld
import Testing

/// The captions describe what is drawn: colours are present where and as large as stated, and
/// relation words match the order of object centres measured from the pixels.
@Suite("Captions agree with pixels")
struct PixelAgreementTests {
    static let samples: [SceneRecord] =
        (0 ..< 120).map { SceneFactory.make(split: .train, index: $0, seed: 3, size: 64) }
        + (0 ..< 60).map { SceneFactory.make(split: .test, index: $0, seed: 3, size: 64) }
        + (0 ..< 20).map { SceneFactory.make(split: .train, index: $0, seed: 4, size: 128) }

    @Test("mentioned colours are drawn, unmentioned ones are not")
    func colours() throws {
        for record in Self.samples {
            let pixels = PixelOracle(image: SceneRenderer.render(record.scene))
            let parsed = try #require(ParsedCaption.parse(record.dense), "\(record.dense)")
            let mentioned = Set(parsed.mentions.map(\.colour))
            #expect(parsed.mentions.count == record.scene.objects.count, "\(record.dense)")
            for colour in Colour.allCases {
                let count = pixels.fill(colour).count
                if mentioned.contains(colour.word) {
                    #expect(count >= 8, "\(record.id): \(colour.word) has \(count) px")
                } else {
                    #expect(count <= 2, "\(record.id): unmentioned \(colour.word) has \(count) px")
                }
            }
        }
    }

    @Test("the pixel at each object's centre has the stated colour")
    func centreColour() throws {
        for record in Self.samples {
            let pixels = PixelOracle(image: SceneRenderer.render(record.scene))
            let parsed = try #require(ParsedCaption.parse(record.dense))
            for (mention, object) in zip(parsed.mentions, record.scene.objects) {
                // A ring's or a crescent's centre is background by design.
                guard mention.shape != "ring", mention.shape != "crescent" else { continue }
                let found = pixels.nearestColour(Int(object.x), Int(object.y))
                #expect(found.word == mention.colour, "\(record.id): \(record.dense)")
            }
        }
    }

    @Test("relation words match the measured centres and extents")
    func relations() throws {
        var checked = 0
        for record in Self.samples {
            let pixels = PixelOracle(image: SceneRenderer.render(record.scene))
            for caption in [record.dense, record.paraphrase] {
                let parsed = try #require(ParsedCaption.parse(caption), "\(caption)")
                for clause in parsed.clauses {
                    let a = try #require(Colour(word: clause.subject[0]))
                    let b = try #require(Colour(word: clause.object[0]))
                    let (pa, pb) = (pixels.fill(a), pixels.fill(b))
                    let (ea, eb) = (pixels.extent(a), pixels.extent(b))
                    let ok: Bool
                    switch clause.relation {
                    case "to the left of": ok = pa.x < pb.x
                    case "to the right of": ok = pa.x > pb.x
                    case "above": ok = pa.y < pb.y
                    case "below": ok = pa.y > pb.y
                    case "bigger than": ok = ea > eb
                    case "smaller than": ok = ea < eb
                    default: ok = false
                    }
                    #expect(ok, "\(record.id): \(caption) (\(pa), \(pb), \(ea), \(eb))")
                    checked += 1
                }
            }
        }
        #expect(checked > 200)
    }

    @Test("manifest boxes enclose the drawn object")
    func boxes() throws {
        for record in Self.samples {
            let pixels = PixelOracle(image: SceneRenderer.render(record.scene))
            for object in record.scene.objects {
                let fill = pixels.fill(object.colour)
                #expect(abs(fill.x - object.x) <= object.radius, "\(record.id)")
                #expect(abs(fill.y - object.y) <= object.radius, "\(record.id)")
                let extent = pixels.extent(object.colour)
                #expect(Double(extent) <= 2 * object.radius + 2, "\(record.id)")
                #expect(Double(extent) >= object.radius, "\(record.id)")
            }
        }
    }
}
