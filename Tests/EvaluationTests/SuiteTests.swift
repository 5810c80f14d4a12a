import Foundation
import Testing

@testable import Evaluation

/// Suites end to end with fake embedders whose answers are known.
@Suite("Suites end to end")
struct SuiteTests {
    @Test("SugarCrepe: strict ties fail, missing and failing images are skipped with reasons")
    func sugarCrepe() throws {
        let folder = try TemporaryDirectory()
        try folder.write(
            "sc/replace_obj.json",
            """
            {"0": {"filename": "000000000001.jpg", "caption": "right", "negative_caption": "wrong"},
             "1": {"filename": "000000000002.jpg", "caption": "tie a", "negative_caption": "tie b"},
             "2": {"filename": "000000000003.jpg", "caption": "right", "negative_caption": "wrong"}}
            """)
        try folder.write(
            "sc/add_att.json",
            """
            {"0": {"filename": "000000000004.jpg", "caption": "right", "negative_caption": "wrong"}}
            """)
        try folder.image("coco/COCO_val2014_000000000001.jpg")
        try folder.image("coco/000000000002.jpg")
        try folder.image("coco/000000000004.jpg")
        try folder.image("coco/000000000005.jpg")
        let embedder = FakeEmbedder(
            dimension: 2,
            texts: ["right": [1, 0], "wrong": [0, 1], "tie a": [1, 1], "tie b": [2, 2]],
            images: [
                "COCO_val2014_000000000001.jpg": [1, 0], "000000000002.jpg": [1, 0],
                "000000000004.jpg": [0, 1],
            ],
            failing: ["000000000004.jpg"])
        let suite = SugarCrepeSuite(
            data: folder.url.appendingPathComponent("sc"),
            images: [folder.url.appendingPathComponent("coco")])
        let result = try suite.run(embedder: embedder, context: EvalContext())
        #expect(result.evaluated == 2)
        #expect(result.metrics["replace_obj"] == 0.5, "one right, one tie (cosine equal) → wrong")
        #expect(result.metrics["add_att"] == nil)
        #expect(
            result.skipReasons == [
                "image file not found": 1,
                "image failed to embed: cannot decode 000000000004.jpg": 1,
            ])
        #expect(result.metrics["replace"] == 0.5)
        #expect(result.notes.contains { $0.contains("subset files missing") })
        let summary = result.summaryJSON()
        #expect(
            summary.hasPrefix(
                "{\"suite\": \"sugarcrepe\", \"model\": \"fake-model\", "
                    + "\"evaluated\": 2, \"skipped\": 2, \"skip_reasons\": {"))
        #expect(summary.contains("\"metrics\": {\"replace_obj\": 0.5"))
    }

    @Test("VALSE: unvalidated foils are skipped with their reason; per-instrument image folders")
    func valse() throws {
        let folder = try TemporaryDirectory()
        try folder.write(
            "valse/existence.json",
            """
            {"e1": {"image_file": "v7w_1.jpg", "caption": "right", "foil": "wrong",
                    "mturk": {"foil": 0, "caption": 3, "other": 0}},
             "e2": {"image_file": "v7w_2.jpg", "caption": "right", "foil": "wrong",
                    "mturk": {"foil": 3, "caption": 0, "other": 0}}}
            """)
        try folder.write(
            "valse/counting-hard.json",
            """
            {"c1": {"image_file": "v7w_1.jpg", "caption": "wrong", "foil": "right",
                    "mturk": {"foil": 0, "caption": 2, "other": 1}}}
            """)
        try folder.image("imgs/existence/v7w_1.jpg")
        try folder.image("imgs/v7w_1.jpg")
        let embedder = FakeEmbedder(
            dimension: 2, texts: ["right": [1, 0], "wrong": [0, 1]], images: ["v7w_1.jpg": [1, 0]])
        let result = try VALSESuite(
            data: folder.url.appendingPathComponent("valse"),
            images: [folder.url.appendingPathComponent("imgs")]
        ).run(embedder: embedder, context: EvalContext())
        #expect(result.metrics["existence"] == 1)
        #expect(result.metrics["counting_hard"] == 0)
        #expect(result.metrics["counting"] == 0)
        #expect(result.metrics["avg"] == 0.5)
        #expect(result.skipReasons == ["foil not validated (mturk.caption < 2)": 1])
        #expect(result.counts["validated"] == 2)
    }

    @Test("VL-CheckList: missing images dropped before the per-file cap, then the cap")
    func vlCheckList() throws {
        let folder = try TemporaryDirectory()
        try folder.write(
            "data/Attribute/vg/color.json",
            """
            [["VG_100K/1.jpg", {"POS": ["red car"], "NEG": ["blue car"]}],
             ["VG_100K/missing.jpg", {"POS": ["red car"], "NEG": ["blue car"]}],
             ["VG_100K/2.jpg", {"POS": ["red car"], "NEG": ["blue car"]}],
             ["VG_100K/3.jpg", {"POS": ["red car"], "NEG": ["blue car"]}]]
            """)
        for name in ["1", "2", "3"] { try folder.image("images/vg/VG_100K/\(name).jpg") }
        let embedder = FakeEmbedder(
            dimension: 2, texts: ["red car": [1, 0], "blue car": [0, 1]],
            images: ["1.jpg": [1, 0], "2.jpg": [0, 1], "3.jpg": [1, 0]])
        let result = try VLCheckListSuite(
            data: folder.url.appendingPathComponent("data"),
            images: [folder.url.appendingPathComponent("images")], maxPerFile: 2
        ).run(embedder: embedder, context: EvalContext())
        #expect(result.evaluated == 2)
        #expect(result.metrics["attribute_color"] == 0.5)
        #expect(result.metrics["attribute"] == 0.5)
        #expect(
            result.skipReasons == [
                "image file not found": 1, "beyond the per-file cap of 2 items": 1,
            ])
    }

    @Test("ARO: VG macro accuracy with exclusions and crops; order sets; NegCLIP")
    func aro() throws {
        let folder = try TemporaryDirectory()
        let records = [
            ("on", "1.jpg", true), ("on", "1.jpg", false), ("under", "1.jpg", true),
            ("near", "1.jpg", false), ("near", "1.jpg", false),
        ]
        let body = records.enumerated().map { index, entry in
            """
            {"relation_name": "\(entry.0)", "bbox_x": \(index), "bbox_y": 0,
             "bbox_w": 5, "bbox_h": 5,
             "image_path": "\(entry.1)", "true_caption": "\(entry.2 ? "right" : "wrong")",
             "false_caption": "\(entry.2 ? "wrong" : "right")"}
            """
        }.joined(separator: ",")
        try folder.write("aro/visual_genome_relation.json", "[\(body)]")
        try folder.image("aro/images/1.jpg")
        try folder.write(
            "aro/valid_neg_clip.tsv",
            """
            \ttitle\tfilepath\tneg_caption\tneg_image
            0\tright\tcoco/val2014/COCO_val2014_000000000009.jpg\t['wrong', 'also wrong']\t[0, 0, 0]
            """)
        try folder.image("coco/000000000009.jpg")
        let embedder = FakeEmbedder(
            dimension: 2, texts: ["right": [1, 0], "wrong": [0, 1], "also wrong": [0.5, 0.5]],
            images: ["1.jpg": [1, 0], "000000000009.jpg": [1, 0]])
        let suite = try AROSuite(
            data: folder.url.appendingPathComponent("aro"),
            images: [
                folder.url.appendingPathComponent("aro/images"),
                folder.url.appendingPathComponent("coco"),
            ])
        let result = try suite.run(embedder: embedder, context: EvalContext())
        #expect(result.metrics["vg_relation"] == (0.5 + 1) / 2, "'near' is excluded")
        #expect(result.metrics["vg_relation_micro"] == 2.0 / 5)
        #expect(result.metrics["negclip"] == 1)
        #expect(result.cases.filter { $0.group == "vg_relation" }.count == 5)
        // Order sets: a constant text embedding ties every option; the true caption wins ties.
        let captions = CaptionSet(
            images: ["000000000009.jpg"], captions: ["A red dog runs on the grass"],
            imageOfCaption: [0], source: "test")
        let order = AROSuite(
            sources: [.order(name: "coco_order", captions: captions)],
            images: [folder.url.appendingPathComponent("coco")], seed: 1)
        let constant = FakeEmbedder(
            dimension: 2, images: ["000000000009.jpg": [1, 0]],
            defaultText: [1, 1])
        let orderResult = try order.run(embedder: constant, context: EvalContext())
        #expect(orderResult.metrics["coco_order"] == 1)
        let texts = Set(constant.embeddedTexts)
        #expect(texts.contains("a red dog runs on the grass") && (2 ... 5).contains(texts.count))
    }

    @Test("retrieval on a Flickr8k-format set: known ranks, skipped image and its captions")
    func retrieval() throws {
        let folder = try TemporaryDirectory()
        try folder.write(
            "f8k/captions.csv",
            """
            image,caption
            a.jpg,cap a1
            a.jpg,cap a2
            b.jpg,cap b1
            c.jpg,cap c1
            d.jpg,cap d1
            """)
        try folder.write("f8k/test.txt", "a.jpg\nb.jpg\nc.jpg\nd.jpg\n")
        for name in ["a", "b", "c"] { try folder.image("f8k/images/\(name).jpg") }
        let embedder = FakeEmbedder(
            dimension: 3,
            // "cap b1" leans towards c: as a query it ranks b second (t2i), while image b
            // still scores it above every other caption (i2t rank 1).
            texts: [
                "cap a1": axis(0, 3), "cap a2": axis(0, 3, scale: 2), "cap b1": [0, 0.1, 1],
                "cap c1": axis(2, 3),
            ],
            images: ["a.jpg": axis(0, 3), "b.jpg": axis(1, 3), "c.jpg": axis(2, 3)])
        let suite = try RetrievalSuite(data: folder.url.appendingPathComponent("f8k"))
        let result = try suite.run(embedder: embedder, context: EvalContext())
        #expect(result.evaluated == 3)
        #expect(result.skipReasons == ["image file not found": 1])
        #expect(result.counts["captions_skipped"] == 1)
        #expect(result.metrics["i2t_r1"] == 1)
        #expect(result.metrics["t2i_r1"] == 3.0 / 4)
        #expect(result.metrics["i2t_r5"] == 1 && result.metrics["t2i_r5"] == 1)
        #expect(result.metrics["rsum"] == 575)
        #expect(result.cases.first { $0.id == "caption/2" }?.values["rank"] == 2)
        let folds = RetrievalSuite(captions: suite.captions, images: suite.imageRoots, folds: 3)
        let folded = try folds.run(embedder: embedder, context: EvalContext())
        #expect(folded.metrics["fold1_i2t_r1"] == 1)
        #expect(folded.metrics["i2t_r1"] == 1, "each fold holds one image")
    }

    @Test("zero-shot: prompts from custom templates, acc1/acc5/mean per-class recall")
    func zeroShot() throws {
        let folder = try TemporaryDirectory()
        try folder.image("data/cat/1.jpg")
        try folder.image("data/cat/2.jpg")
        try folder.image("data/dog/3.jpg")
        let templates = try folder.write("t.txt", "a {}\nthe {}\n")
        let embedder = FakeEmbedder(
            dimension: 2,
            texts: [
                "a cat": [1, 0.1], "the cat": [1, -0.1], "a dog": [0.1, 1], "the dog": [-0.1, 1],
            ],
            images: ["1.jpg": [1, 0], "2.jpg": [0, 1], "3.jpg": [0, 1]])
        let result = try ZeroShotSuite(
            data: folder.url.appendingPathComponent("data"), templates: templates
        ).run(embedder: embedder, context: EvalContext())
        #expect(result.metrics["acc1"] == 2.0 / 3)
        #expect(result.metrics["acc5"] == 1)
        #expect(result.metrics["mean_per_class_recall"] == (0.5 + 1) / 2)
    }

    @Test("category MAP: perfectly separated categories give MAP 1")
    func categoryMAP() throws {
        let folder = try TemporaryDirectory()
        var csv = "image,text,label\n"
        var images: [String: [Float]] = [:]
        var texts: [String: [Float]] = [:]
        for i in 0 ..< 6 {
            let label = i % 2 == 0 ? "x" : "y"
            csv += "\(i).jpg,text \(i),\(label)\n"
            try folder.image("\(i).jpg")
            let base: [Float] = label == "x" ? [1, 0] : [0, 1]
            images["\(i).jpg"] = base.map { $0 + Float(i) * 0.01 }
            texts["text \(i)"] = base.map { $0 * 2 + Float(i) * 0.02 }
        }
        try folder.write("pairs.csv", csv)
        let result = try CategoryMAPSuite(data: folder.url.appendingPathComponent("pairs.csv"))
            .run(
                embedder: FakeEmbedder(dimension: 2, texts: texts, images: images),
                context: EvalContext())
        #expect(result.metrics["map_i2t"] == 1 && result.metrics["map_t2i"] == 1)
        #expect(result.metrics["map_avg"] == 1)
    }

    @Test("Winoground from images: ex_<id>_img_<j>.png, a missing pair skipped")
    func winogroundImages() throws {
        let folder = try TemporaryDirectory()
        let meta = try folder.write("meta.csv", "id,caption_0,caption_1\n0,c0,c1\n1,d0,d1\n")
        try folder.image("images/ex_0_img_0.png")
        try folder.image("images/ex_0_img_1.png")
        try folder.image("images/ex_1_img_0.png")
        let embedder = FakeEmbedder(
            dimension: 2, texts: ["c0": [1, 0], "c1": [0, 1]],
            images: ["ex_0_img_0.png": [1, 0], "ex_0_img_1.png": [0, 1]])
        let result = try WinogroundSuite(data: meta).run(embedder: embedder, context: EvalContext())
        #expect(result.metrics["group"] == 1 && result.evaluated == 1)
        #expect(result.skipReasons == ["image file not found": 1])
    }

    @Test("missing data names the expected layout; nothing evaluable is an error")
    func missingData() throws {
        let folder = try TemporaryDirectory()
        let error = try #require(throws: EvaluationError.self) {
            try SuiteCatalog.make("valse", data: folder.url.appendingPathComponent("nope"))
        }
        #expect(error.description.contains("existence.json"))
        #expect(throws: EvaluationError.self) {
            try SuiteCatalog.make("nonsense", data: folder.url)
        }
        try folder.write(
            "sc/swap_obj.json",
            """
            {"0": {"filename": "000000000001.jpg", "caption": "a", "negative_caption": "b"}}
            """)
        let suite = try SuiteCatalog.make(
            "sugarcrepe", data: folder.url.appendingPathComponent("sc"))
        let nothing = try #require(throws: EvaluationError.self) {
            try suite.run(embedder: FakeEmbedder(dimension: 2), context: EvalContext())
        }
        #expect(
            nothing == .nothingToEvaluate(suite: "sugarcrepe", reasons: ["image file not found": 1])
        )
    }
}
