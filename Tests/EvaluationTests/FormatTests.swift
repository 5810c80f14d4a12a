import Foundation
import Testing

@testable import Evaluation

/// Every parser, on small files written here in the exact published layouts.
@Suite("Data formats")
struct FormatTests {
    // MARK: - Caption sets

    @Test("manifest JSONL with caption and captions; errors name the line and key")
    func manifest() throws {
        let folder = try TemporaryDirectory()
        let url = try folder.write(
            "m.jsonl",
            """
            {"image": "a.jpg", "caption": "one"}

            {"image": "b.jpg", "captions": ["two", "three"]}
            {"image": "a.jpg", "caption": "four"}
            """)
        let set = try CaptionSet.load(url)
        #expect(set.images == ["a.jpg", "b.jpg"])
        #expect(set.captions == ["one", "two", "three", "four"])
        #expect(set.imageOfCaption == [0, 1, 1, 0])
        let bad = try folder.write(
            "bad.jsonl", "{\"image\": \"a.jpg\"}\n{\"image\": \"b.jpg\", \"caption\": 3}\n")
        let error = try #require(throws: EvaluationError.self) { try CaptionSet.load(bad) }
        #expect(error.description.contains("bad.jsonl") && error.description.contains("line 1"))
        #expect(error.description.contains("'caption'"))
    }

    @Test("Karpathy dataset JSON (split filter, filepath) and the BLIP-style list")
    func karpathy() throws {
        let folder = try TemporaryDirectory()
        let url = try folder.write(
            "dataset_coco.json",
            """
            {"images": [
              {"filepath": "val2014", "filename": "COCO_val2014_000000000042.jpg", "split": "test",
               "sentences": [{"raw": "a cat", "tokens": ["a", "cat"]}, {"raw": "the cat"}]},
              {"filepath": "train2014", "filename": "x.jpg", "split": "train",
               "sentences": [{"raw": "ignored"}]},
              {"filename": "f.jpg", "split": "test", "sentences": [{"raw": "a dog"}]}
            ], "dataset": "coco"}
            """)
        let set = try CaptionSet.load(url, split: "test")
        #expect(set.images == ["val2014/COCO_val2014_000000000042.jpg", "f.jpg"])
        #expect(set.captions == ["a cat", "the cat", "a dog"])
        #expect(try CaptionSet.load(url, split: nil).images.count == 3)
        let blip = try folder.write(
            "coco_karpathy_test.json",
            """
            [{"image": "val2014/a.jpg", "caption": ["c1", "c2"]},
             {"image": "b.jpg", "caption": "c3"}]
            """)
        let list = try CaptionSet.load(blip)
        #expect(list.captions == ["c1", "c2", "c3"] && list.imageOfCaption == [0, 0, 1])
    }

    @Test("COCO caption JSON keeps image order and links annotations by image_id")
    func cocoCaptions() throws {
        let folder = try TemporaryDirectory()
        let url = try folder.write(
            "captions_val2017.json",
            """
            {"info": {}, "licenses": [], "type": "captions",
             "images": [{"id": 7, "file_name": "000000000007.jpg"},
                        {"id": 3, "file_name": "000000000003.jpg"}],
             "annotations": [{"image_id": 3, "id": 1, "caption": "x"},
                             {"image_id": 7, "id": 2, "caption": "y"},
                             {"image_id": 3, "id": 5, "caption": "z"}]}
            """)
        let set = try CaptionSet.load(url)
        #expect(set.images == ["000000000007.jpg", "000000000003.jpg"])
        #expect(set.imageOfCaption == [1, 0, 1])
        let bad = try folder.write(
            "bad.json",
            """
            {"images": [{"id": 1, "file_name": "a.jpg"}],
             "annotations": [{"image_id": 2, "caption": "x"}]}
            """)
        let error = try #require(throws: EvaluationError.self) { try CaptionSet.load(bad) }
        #expect(
            error.description.contains("annotations[0]") && error.description.contains("image_id"))
    }

    @Test("Flickr8k captions.csv (quoted commas) restricted to a split list")
    func flickr8k() throws {
        let folder = try TemporaryDirectory()
        try folder.write(
            "captions.csv",
            """
            image,caption
            1_a.jpg,A child in a pink dress .
            1_a.jpg,"A dog shakes its head , a red ball next to it ."
            2_b.jpg,Two dogs .
            3_c.jpg,"He said ""hi"" ."
            """)
        try folder.write("test.txt", "3_c.jpg\n1_a.jpg\n")
        let set = try CaptionSet.load(folder.url, split: "test")
        #expect(set.images == ["3_c.jpg", "1_a.jpg"])
        #expect(
            set.captions == [
                "He said \"hi\" .", "A child in a pink dress .",
                "A dog shakes its head , a red ball next to it .",
            ])
        #expect(throws: EvaluationError.self) { try CaptionSet.load(folder.url, split: "dev") }
    }

    @Test("CSV: quoted newlines, CRLF, BOM, and field-count errors with line numbers")
    func csv() throws {
        let table = try CSVTable(
            text: "\u{FEFF}a,b\r\n1,\"x\ny\"\r\n2,z\r\n", file: "t.csv")
        #expect(table.header == ["a", "b"])
        #expect(table.records.map(\.fields) == [["1", "x\ny"], ["2", "z"]])
        #expect(table.records.map(\.line) == [2, 4])
        let error = try #require(throws: EvaluationError.self) {
            try CSVTable(text: "a,b\n1,2\n3\n", file: "t.csv")
        }
        #expect(
            error
                == .malformed(
                    file: "t.csv", location: "line 3", key: "fields",
                    problem: "1 fields, header has 2"))
    }

    // MARK: - Compositional benchmarks

    @Test("SugarCrepe subsets keyed \"0\", \"1\", … in numeric order; missing files listed")
    func sugarCrepe() throws {
        let folder = try TemporaryDirectory()
        var body = "{"
        for k in 0 ..< 12 {
            body +=
                "\(k == 0 ? "" : ",")\"\(k)\": {\"filename\": \"0000000000\(10 + k).jpg\", "
                + "\"caption\": \"c\(k)\", \"negative_caption\": \"n\(k)\"}"
        }
        try folder.write("swap_obj.json", body + "}")
        let (cases, missing) = try SugarCrepeData.load(folder.url)
        #expect(cases.map(\.id) == (0 ..< 12).map { "swap_obj/\($0)" })
        #expect(cases[11].positive == "c11" && cases[11].negatives == ["n11"])
        #expect(missing.count == 6 && !missing.contains("swap_obj"))
        let empty = try TemporaryDirectory()
        let error = try #require(throws: EvaluationError.self) {
            try SugarCrepeData.load(empty.url)
        }
        #expect(error.description.contains("replace_obj.json"))
    }

    @Test("VALSE keeps mturk.caption >= 2, accepts list captions, names bad keys")
    func valse() throws {
        let folder = try TemporaryDirectory()
        try folder.write(
            "relations.json",
            """
            {"relations:1": {"image_file": "000000462576.jpg", "caption": "on the table.",
                             "foil": "off the table.",
                             "mturk": {"foil": 0, "caption": 3, "other": 0}},
             "relations:2": {"image_file": "000000000002.jpg", "caption": ["kept as list"],
                             "foil": "f", "mturk": {"foil": 1, "caption": 2, "other": 0}},
             "relations:3": {"image_file": "000000000003.jpg", "caption": "c", "foil": "f",
                             "mturk": {"foil": 2, "caption": 1, "other": 0}}}
            """)
        let contents = try VALSEData.load(folder.url)
        #expect(contents.cases.map(\.id) == ["relations/relations:1", "relations/relations:2"])
        #expect(contents.cases[1].positive == "kept as list")
        #expect(contents.unvalidated.map(\.id) == ["relations/relations:3"])
        #expect(contents.missing.count == 10)
        try folder.write(
            "plurals.json",
            """
            {"p1": {"image_file": "a.jpg", "caption": "c", "foil": "f", "mturk": {"foil": 0}}}
            """)
        let error = try #require(throws: EvaluationError.self) { try VALSEData.load(folder.url) }
        #expect(
            error.description.contains("plurals.json") && error.description.contains("'caption'"))
    }

    @Test("VL-CheckList files map to sub-categories and image roots")
    func vlCheckList() throws {
        let folder = try TemporaryDirectory()
        try folder.write(
            "Attribute/vg/state.json",
            """
            [["VG_100K_2/2408124.jpg", {"POS": ["old train"], "NEG": ["young train"]}]]
            """)
        try folder.write(
            "Object/Size/swig_size/swig_agent/swig_agent_small.json",
            """
            [["ballooning_212.jpg", {"POS": ["a", "b", "c"], "NEG": ["x", "y", "z"]}]]
            """)
        try folder.write(
            "Relation/vg/action.first1000.json",
            """
            [["VG_100K/1.jpg", {"POS": ["man riding horse"], "NEG": ["horse riding man"]}]]
            """)
        let files = try VLCheckListData.load(folder.url)
        #expect(files.map(\.subcategory) == ["attribute_state", "object_size", "relation_action"])
        #expect(files.map(\.imageRoot) == ["vg", "swig", "vg"])
        #expect(files[1].cases[0].image == "swig/ballooning_212.jpg")
        #expect(files[1].cases[0].positive == "a" && files[1].cases[0].negatives == ["x"])
        try folder.write(
            "Relation/vg/spatial.json", "[[\"a.jpg\", {\"POS\": [], \"NEG\": [\"x\"]}]]")
        let error = try #require(throws: EvaluationError.self) {
            try VLCheckListData.load(folder.url)
        }
        #expect(
            error.description.contains("spatial.json") && error.description.contains("record 0"))
        #expect(error.description.contains("POS"))
    }

    @Test("ARO VG-Relation and VG-Attribution: labels, crops and caption order")
    func visualGenome() throws {
        let folder = try TemporaryDirectory()
        let relation = try folder.write(
            "visual_genome_relation.json",
            """
            [{"image_id": "2", "relation_name": "on", "bbox_x": 10, "bbox_y": 20.5, "bbox_w": 30,
              "bbox_h": 40, "image_path": "2.jpg", "true_caption": "the cup is on the table",
              "false_caption": "the table is on the cup"}]
            """)
        let (set, cases) = try AROData.visualGenome(relation)
        #expect(set == .relation)
        #expect(cases[0].label == "on" && cases[0].positive == "the cup is on the table")
        #expect(cases[0].crop == CropBox(x: 10, y: 20.5, width: 30, height: 40))
        let attribution = try folder.write(
            "visual_genome_attribution.json",
            """
            [{"attributes": ["white", "black"], "bbox_x": 0, "bbox_y": 0, "bbox_w": 5, "bbox_h": 5,
              "image_path": "3.jpg", "true_caption": "the white cat and the black dog",
              "false_caption": "the black cat and the white dog"}]
            """)
        let parsed = try AROData.visualGenome(attribution)
        #expect(parsed.set == .attribution && parsed.cases[0].label == "white_black")
        let bad = try folder.write(
            "bad.json", "[{\"relation_name\": \"on\", \"image_path\": \"x\"}]")
        let error = try #require(throws: EvaluationError.self) { try AROData.visualGenome(bad) }
        #expect(error.description.contains("record 0") && error.description.contains("bbox_x"))
    }

    @Test("NegCLIP TSV with Python list literals (both quote styles)")
    func negCLIP() throws {
        let folder = try TemporaryDirectory()
        let url = try folder.write(
            "valid_neg_clip.tsv",
            """
            \ttitle\tfilepath\tneg_caption\tneg_image
            0\tA child holding an umbrella.\tcoco/val2014/COCO_val2014_000000184613.jpg\t\
            ['A umbrella holding a child .', "A child's umbrella holding ."]\t[2, 1, 0]
            1\tA man's hat.\tcoco/val2014/COCO_val2014_000000000001.jpg\t\
            ['A hat\\'s man .']\t[0, 0, 0]
            """)
        let cases = try AROData.negCLIP(url)
        #expect(cases.map(\.id) == ["negclip/0", "negclip/1"])
        #expect(
            cases[0].negatives == ["A umbrella holding a child .", "A child's umbrella holding ."])
        #expect(cases[1].negatives == ["A hat's man ."])
        #expect(cases[0].image.hasSuffix("COCO_val2014_000000184613.jpg"))
        let bad = try folder.write(
            "bad.tsv", "\ttitle\tfilepath\tneg_caption\tneg_image\n0\tt\tf\t['open\t[]\n")
        let error = try #require(throws: EvaluationError.self) { try AROData.negCLIP(bad) }
        #expect(error.description.contains("line 2") && error.description.contains("neg_caption"))
    }

    @Test("Python list literal parser")
    func pythonLiteral() throws {
        #expect(try PythonLiteral.parseList("[]") == [])
        #expect(
            try PythonLiteral.parseList("[2973, 1515, -3]") == [
                .integer(2973), .integer(1515), .integer(-3),
            ])
        #expect(
            try PythonLiteral.parseList(#"['a\nb', "c\"d", 'e\x41']"#)
                == [.string("a\nb"), .string("c\"d"), .string("eA")])
        #expect(throws: (any Error).self) { try PythonLiteral.parseList("['a', ") }
        #expect(throws: (any Error).self) { try PythonLiteral.parseList("['a'] x") }
    }

    @Test("Winoground metadata from the CSV and from HF examples.jsonl")
    func winoground() throws {
        let folder = try TemporaryDirectory()
        let csv = try folder.write(
            "winoground_meta.csv",
            """
            id,caption_0,caption_1,tag,secondary_tag,collapsed_tag,num_main_preds
            0,an old person kisses a young person,a young person kisses an old person,\
            Adjective-Age,,Relation,1
            """)
        let fromCSV = try WinogroundData.load(csv)
        #expect(
            fromCSV[0].images == ["ex_0_img_0.png", "ex_0_img_1.png"]
                && fromCSV[0].tag == "Relation")
        let jsonl = try folder.write(
            "examples.jsonl",
            """
            {"id": 3, "image_0": "ex_3_img_0", "image_1": "ex_3_img_1", "caption_0": "a", \
            "caption_1": "b", "collapsed_tag": "Object"}
            """)
        let fromJSONL = try WinogroundData.load(jsonl)
        #expect(
            fromJSONL[0].id == 3 && fromJSONL[0].images == ["ex_3_img_0.png", "ex_3_img_1.png"])
        #expect(fromJSONL[0].captions == ["a", "b"])
    }

    @Test("HierarCaps test and expanded layouts; level count checked")
    func hierarCaps() throws {
        let test = try HierarCapsData.parse(
            text: """
                id,captions,image_url
                1,bird => blue bird => blue bird sitting on top of branch => A blue bird,\
                http://x/COCO_val2014_000000100489.jpg
                """, file: "t.csv")
        #expect(
            test[0].levels == [
                "bird", "blue bird", "blue bird sitting on top of branch", "A blue bird",
            ])
        #expect(test[0].imageName == "COCO_val2014_000000100489.jpg" && test[0].id == "1")
        let expanded = try HierarCapsData.parse(
            text: """
                positive,negative,image_url
                "a => b => c => d
                continued",w => x => y => z,http://x/COCO_val2014_000000179765.jpg
                """, file: "e.csv")
        #expect(expanded[0].levels == ["a", "b", "c", "d\ncontinued"] && expanded[0].id == "0")
        let error = try #require(throws: EvaluationError.self) {
            try HierarCapsData.parse(text: "id,captions,image_url\n1,a => b,u\n", file: "t.csv")
        }
        #expect(error.description.contains("line 2") && error.description.contains("captions"))
    }

    @Test("zero-shot class folders, CSV labels, class-name and template files")
    func zeroShot() throws {
        let folder = try TemporaryDirectory()
        try folder.image("data/golden_retriever/1.jpg")
        try folder.image("data/golden_retriever/2.png")
        try folder.image("data/tabby/1.jpg")
        try folder.write("data/tabby/notes.txt", "not an image")
        let fromFolders = try ZeroShotData.load(folder.url.appendingPathComponent("data"))
        #expect(fromFolders.classNames == ["golden retriever", "tabby"])
        #expect(fromFolders.items.map(\.classIndex) == [0, 0, 1])
        let names = try folder.write("names.txt", "dog\ncat\n")
        #expect(
            try ZeroShotData.load(folder.url.appendingPathComponent("data"), classNames: names)
                .classNames == ["dog", "cat"])
        let csv = try folder.write("labels.csv", "image,label\na.jpg,cat\nb.jpg,1\n")
        let fromCSV = try ZeroShotData.load(csv, classNames: names)
        #expect(fromCSV.items.map(\.classIndex) == [1, 1])
        let badCSV = try folder.write("bad.csv", "image,label\na.jpg,horse\n")
        let error = try #require(throws: EvaluationError.self) {
            try ZeroShotData.load(badCSV, classNames: names)
        }
        #expect(error.description.contains("line 2") && error.description.contains("label"))
        let templates = try folder.write("t.txt", "a photo of a {}.\nitap of a {c}\n")
        #expect(
            try ZeroShotData.templates(templates).map { ZeroShotData.prompt($0, "cat") }
                == ["a photo of a cat.", "itap of a cat"])
        let badTemplates = try folder.write("bad.txt", "a photo\n")
        #expect(throws: EvaluationError.self) { try ZeroShotData.templates(badTemplates) }
    }

    @Test("category pairs from CSV, JSONL and COCO captions + instances")
    func categoryPairs() throws {
        let folder = try TemporaryDirectory()
        let csv = try folder.write("pairs.csv", "image,text,label\na.jpg,a text,sport\n")
        #expect(
            try CategoryPairsData.load(csv) == [
                CategoryPair(image: "a.jpg", text: "a text", label: "sport")
            ])
        let jsonl = try folder.write(
            "pairs.jsonl", "{\"image\": \"b.jpg\", \"caption\": \"c\", \"label\": 3}\n")
        #expect(
            try CategoryPairsData.load(jsonl) == [
                CategoryPair(image: "b.jpg", text: "c", label: "3")
            ])
        try folder.write(
            "coco/captions_val2017.json",
            """
            {"images": [{"id": 1, "file_name": "1.jpg"}, {"id": 2, "file_name": "2.jpg"}],
             "annotations": [{"image_id": 1, "caption": "first"},
                             {"image_id": 1, "caption": "second"},
                             {"image_id": 2, "caption": "only"}]}
            """)
        try folder.write(
            "coco/instances_val2017.json",
            """
            {"images": [{"id": 1, "file_name": "1.jpg"}, {"id": 2, "file_name": "2.jpg"}],
             "categories": [{"id": 1, "name": "person"}, {"id": 18, "name": "dog"}],
             "annotations": [{"image_id": 1, "category_id": 1, "area": 50.0},
                             {"image_id": 1, "category_id": 18, "area": 40.0},
                             {"image_id": 1, "category_id": 18, "area": 30.0}]}
            """)
        let pairs = try CategoryPairsData.load(folder.url.appendingPathComponent("coco"))
        #expect(pairs == [CategoryPair(image: "1.jpg", text: "first", label: "dog")])
    }

    @Test("image resolver: direct paths, file names, and COCO ids across split prefixes")
    func resolver() throws {
        let folder = try TemporaryDirectory()
        let hierarcaps = try folder.image("coco-hierarcaps/test_imgs/COCO_val2014_000000000139.jpg")
        let mini = try folder.image("coco-mini/val2017/000000000802.jpg")
        let plain = try folder.image("images/photo.jpg")
        let resolver = ImageResolver(roots: [
            folder.url.appendingPathComponent("images"), folder.url,
        ])
        #expect(resolver.resolve("photo.jpg") == plain)
        #expect(resolver.resolve("sub/dir/photo.jpg") == plain)
        #expect(resolver.resolve("000000000139.jpg")?.path == hierarcaps.path)
        #expect(resolver.resolve("COCO_train2014_000000000802.jpg")?.path == mini.path)
        #expect(
            resolver.resolve("coco/val2014/COCO_val2014_000000000139.jpg")?.path == hierarcaps.path)
        #expect(resolver.resolve("000000000001.jpg") == nil)
        #expect(ImageResolver.cocoIdentifier(of: "exercising_255.jpg") == nil)
        #expect(ImageResolver.cocoIdentifier(of: "VisualDialog_val2018_000000284024.jpg") == nil)
        #expect(ImageResolver.cocoIdentifier(of: "COCO_val2014_000000165831.jpg") == 165831)
    }
}
