import Foundation
import Testing

@testable import Evaluation

/// Parsers on the real files of the shared data kit; expected counts are those documented in
/// the kit's README (and REFERENCE.md §2.7 for VALSE). Skips, saying so, without the kit.
@Suite("Real data kit")
struct RealDataTests {
    @Test("SugarCrepe: 7,511 cases, 1,723 with a local COCO image")
    func sugarCrepe() throws {
        guard let data = TestPaths.sharedDataOrSkip("SugarCrepe real data") else { return }
        let (cases, missing) = try SugarCrepeData.load(data.appendingPathComponent("sugarcrepe"))
        #expect(missing.isEmpty && cases.count == 7511)
        let resolver = ImageResolver(roots: [data])
        #expect(cases.filter { resolver.resolve($0.image) != nil }.count == 1723)
    }

    @Test("VALSE: validated samples per instrument")
    func valse() throws {
        guard let data = TestPaths.sharedDataOrSkip("VALSE real data") else { return }
        let contents = try VALSEData.load(data.appendingPathComponent("valse"))
        let expected = [
            "existence": 505, "plurals": 851, "counting_hard": 868, "counting_small_quant": 900,
            "counting_adversarial": 691, "relations": 535, "action_replacement": 648,
            "actant_swap": 949, "coreference_standard": 708, "coreference_hard": 104,
            "foil_it": 943,
        ]
        var counts: [String: Int] = [:]
        for item in contents.cases { counts[item.group, default: 0] += 1 }
        #expect(counts == expected)
        #expect(contents.cases.count + contents.unvalidated.count == 8782)
    }

    @Test("NegCLIP TSV: 4,839 rows, 123 with a local image")
    func negCLIP() throws {
        guard let data = TestPaths.sharedDataOrSkip("NegCLIP real data") else { return }
        let cases = try AROData.negCLIP(data.appendingPathComponent("aro/valid_neg_clip.tsv"))
        #expect(cases.count == 4839)
        let resolver = ImageResolver(roots: [data])
        #expect(cases.filter { resolver.resolve($0.image) != nil }.count == 123)
        let sizes = Dictionary(grouping: cases, by: \.negatives.count).mapValues(\.count)
        #expect(sizes == [1: 2891, 2: 1418, 3: 480, 4: 47, 5: 3])
    }

    @Test("HierarCaps: 1,000 chains with all images; expanded file 23,479 rows")
    func hierarCaps() throws {
        guard let data = TestPaths.sharedDataOrSkip("HierarCaps real data") else { return }
        let folder = data.appendingPathComponent("coco-hierarcaps")
        let chains = try HierarCapsData.load(folder.appendingPathComponent("hierarcaps_test.csv"))
        #expect(chains.count == 1000)
        let resolver = ImageResolver(roots: [folder.appendingPathComponent("test_imgs")])
        #expect(chains.allSatisfy { resolver.resolve($0.imageName) != nil })
        let text = String(
            decoding: try TestGzip.decompress(
                folder.appendingPathComponent("hierarcaps_test_expanded.csv.gz")), as: UTF8.self)
        let expanded = try HierarCapsData.parse(text: text, file: "expanded")
        #expect(expanded.count == 23479)
        let everywhere = ImageResolver(roots: [data])
        #expect(expanded.filter { everywhere.resolve($0.imageName) != nil }.count == 5314)
    }

    @Test("Flickr8k test split: 1,000 images and 5,000 captions, all local")
    func flickr8k() throws {
        guard let data = TestPaths.sharedDataOrSkip("Flickr8k real data") else { return }
        let folder = data.appendingPathComponent("flickr8k")
        let set = try CaptionSet.load(folder, split: "test")
        #expect(set.images.count == 1000 && set.captions.count == 5000)
        let resolver = ImageResolver(roots: [folder.appendingPathComponent("images")])
        #expect(set.images.allSatisfy { resolver.resolve($0) != nil })
        #expect(try CaptionSet.load(folder, split: nil).captions.count == 40455)
    }

    @Test("COCO val2017 captions: 5,000 images, 25,014 captions, 1,128 images local")
    func cocoCaptions() throws {
        guard let data = TestPaths.sharedDataOrSkip("COCO captions real data") else { return }
        let set = try CaptionSet.load(
            data.appendingPathComponent("coco-captions/captions_val2017.json"))
        #expect(set.images.count == 5000 && set.captions.count == 25014)
        let resolver = ImageResolver(roots: [data])
        #expect(set.images.filter { resolver.resolve($0) != nil }.count == 1128)
    }

    @Test("VL-CheckList samples and Winoground metadata parse")
    func samples() throws {
        guard let data = TestPaths.sharedDataOrSkip("VL-CheckList / Winoground") else { return }
        let files = try VLCheckListData.load(data.appendingPathComponent("vl-checklist"))
        #expect(
            Dictionary(uniqueKeysWithValues: files.map { ($0.subcategory, $0.cases.count) })
                == ["attribute_state": 941, "object_size": 48, "relation_action": 1000])
        let examples = try WinogroundData.load(
            data.appendingPathComponent("winoground/winoground_meta.csv"))
        var tags: [String: Int] = [:]
        for example in examples { tags[example.tag ?? "-", default: 0] += 1 }
        #expect(tags == ["Relation": 233, "Object": 141, "Both": 26])
    }
}
