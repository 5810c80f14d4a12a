import Foundation
import SyntheticWorld
import Testing

/// The benchmark files parse as the real formats: same keys, columns and literal syntax as the
/// real files in the shared data kit (compared when it is present).
@Suite("Benchmark file formats")
struct FormatTests {
    static let subsets = [
        "add_att", "add_obj", "replace_att", "replace_obj", "replace_rel", "swap_att", "swap_obj",
    ]

    /// Whether `relative` (an image path relative to the world) exists.
    private func imageExists(_ relative: String) -> Bool {
        FileManager.default.fileExists(
            atPath: SmallWorld.directory.appendingPathComponent(relative).path)
    }

    @Test("SugarCrepe subsets have the real layout")
    func sugarCrepe() throws {
        var realKeys: Set<String>?
        if let real = TestPaths.sharedFile("sugarcrepe/swap_att.json") {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: real)) as? [String: Any])
            let names = try FileManager.default.contentsOfDirectory(
                atPath: real.deletingLastPathComponent().path)
            #expect(
                Set(names.filter { $0.hasSuffix(".json") })
                    == Set(Self.subsets.map { "\($0).json" }))
            realKeys = Set(object.values.compactMap { ($0 as? [String: Any])?.keys }.joined())
        }
        let tests = try SmallWorld.manifest(.test)
        for subset in Self.subsets {
            let object = try #require(
                try SmallWorld.json("sugarcrepe/\(subset).json") as? [String: [String: String]])
            #expect(object.count > 0, "\(subset) is empty")
            #expect(Set(object.keys) == Set((0 ..< object.count).map(String.init)))
            for entry in object.values {
                #expect(
                    Set(entry.keys) == (realKeys ?? ["filename", "caption", "negative_caption"]))
                #expect(imageExists(entry["filename"] ?? ""))
                #expect(entry["caption"] != entry["negative_caption"])
            }
            let withKind = tests.filter {
                (($0["negatives"] as? [String: Any])?[subset] as? String) != nil
            }
            #expect(object.count == withKind.count)
        }
    }

    @Test("HierarCaps test CSV has the real header and four levels")
    func hierarCaps() throws {
        let ours = FormatParsers.csv(try SmallWorld.text("hierarcaps_test.csv"))
        if let real = TestPaths.sharedFile("coco-hierarcaps/hierarcaps_test.csv") {
            let rows = FormatParsers.csv(try String(contentsOf: real, encoding: .utf8))
            #expect(rows.count == 1001)
            #expect(rows.allSatisfy { $0.count == 3 })
            #expect(
                rows.dropFirst().allSatisfy {
                    $0[1].components(separatedBy: " => ").count == 4
                })
            #expect(ours.first == rows.first)
        }
        #expect(ours.first == ["id", "captions", "image_url"])
        #expect(ours.count == SmallWorld.test + 1)
        for (i, row) in ours.dropFirst().enumerated() {
            #expect(row.count == 3)
            #expect(row[0] == String(i))
            #expect(row[1].components(separatedBy: " => ").count == 4)
            let base = URL(fileURLWithPath: row[2]).lastPathComponent
            #expect(imageExists("images/\(base)"))
        }
    }

    @Test("NegCLIP TSVs have the real columns and Python literals")
    func negClip() throws {
        if let real = TestPaths.sharedFile("aro/valid_neg_clip.tsv") {
            let rows = FormatParsers.csv(
                try String(contentsOf: real, encoding: .utf8), separator: "\t")
            let ours = FormatParsers.csv(
                try SmallWorld.text("aro/valid_neg_clip.tsv"), separator: "\t")
            #expect(ours.first == rows.first)
            #expect(rows.count == 4840)
            // The readers used below accept every row of the real file.
            for fields in rows.dropFirst() {
                #expect(fields.count == 5)
                #expect(FormatParsers.pythonStringList(fields[3]) != nil, "\(fields[3])")
                #expect(FormatParsers.pythonIntList(fields[4])?.count == 3)
            }
        }
        for (file, count) in [
            ("valid_neg_clip.tsv", SmallWorld.test), ("train_neg_clip.tsv", SmallWorld.train),
        ] {
            let rows = FormatParsers.csv(try SmallWorld.text("aro/\(file)"), separator: "\t")
            #expect(rows.first == ["", "title", "filepath", "neg_caption", "neg_image"])
            #expect(rows.count == count + 1)
            for (row, fields) in rows.dropFirst().enumerated() {
                #expect(fields.count == 5)
                #expect(fields[0] == String(row))
                #expect(imageExists(fields[2]))
                let negatives = try #require(FormatParsers.pythonStringList(fields[3]))
                #expect(!negatives.isEmpty && !negatives.contains(fields[1]))
                let images = try #require(FormatParsers.pythonIntList(fields[4]))
                #expect(images.count == 3 && Set(images).count == 3)
                #expect(images.allSatisfy { $0 != row && (0 ..< count).contains($0) })
            }
        }
    }

    @Test("VG-Relation and VG-Attribution cases carry the keys ARO's loaders read")
    func visualGenome() throws {
        // Keys read by VG_Relation / VG_Attribution in dataset_zoo/aro_datasets.py.
        let common: Set<String> = [
            "image_path", "bbox_x", "bbox_y", "bbox_w", "bbox_h", "true_caption", "false_caption",
        ]
        for (file, extra) in [
            ("visual_genome_relation.json", "relation_name"),
            ("visual_genome_attribution.json", "attributes"),
        ] {
            let cases = try #require(try SmallWorld.json("aro/\(file)") as? [[String: Any]])
            #expect(cases.count > 10)
            for item in cases {
                #expect(common.union([extra]).isSubset(of: Set(item.keys)))
                #expect(item["bbox_x"] as? Int == 0 && item["bbox_w"] as? Int == SmallWorld.size)
                let path = try #require(item["image_path"] as? String)
                #expect(imageExists("images/\(path)"))
                let truth = try #require(item["true_caption"] as? String)
                let wrong = try #require(item["false_caption"] as? String)
                #expect(truth != wrong)
                #expect(
                    truth.split(separator: " ").sorted() == wrong.split(separator: " ").sorted())
            }
        }
        let attribution = try #require(
            try SmallWorld.json("aro/visual_genome_attribution.json") as? [[String: Any]])
        for item in attribution {
            let attributes = try #require(item["attributes"] as? [String])
            let truth = try #require(item["true_caption"] as? String)
            #expect(
                truth == "the \(attributes[0]) " + truth.split(separator: " ")[2] + " and the "
                    + "\(attributes[1]) " + truth.split(separator: " ")[6])
        }
    }

    @Test("COCO-Order files list the true caption first and four perturbations")
    func cocoOrder() throws {
        let karpathy = try #require(
            try SmallWorld.json("aro/coco_karpathy_test.json") as? [[String: Any]])
        #expect(karpathy.count == SmallWorld.test)
        for item in karpathy {
            #expect(Set(item.keys) == ["image", "caption"])
            #expect((item["caption"] as? [String])?.count == 2)
        }
        let order = try #require(try SmallWorld.json("aro/coco_order.json") as? [[String: Any]])
        #expect(order.count > SmallWorld.test / 2)
        for item in order {
            let options = try #require(item["caption_options"] as? [String])
            #expect(options.count == 5 && Set(options).count == 5)
            #expect(imageExists(try #require(item["image"] as? String)))
        }
    }

    @Test("manifests, chains and categories are consistent")
    func manifests() throws {
        let train = try SmallWorld.manifest(.train)
        let test = try SmallWorld.manifest(.test)
        #expect(train.count == SmallWorld.train && test.count == SmallWorld.test)
        let keys: Set<String> = [
            "image", "caption", "captions", "sparse_caption", "chain", "negative_chain",
            "negatives",
            "category",
        ]
        for line in train + test {
            #expect(keys.isSubset(of: Set(line.keys)))
            #expect(imageExists(try #require(line["image"] as? String)))
            #expect((line["chain"] as? [String])?.count == 4)
            #expect((line["negative_chain"] as? [String])?.count == 4)
            let negatives = try #require(line["negatives"] as? [String: Any])
            #expect(Set(negatives.keys) == Set(NegativeKind.allCases.map(\.rawValue)))
        }
        let chains = try SmallWorld.text("chains_train.jsonl").split(separator: "\n")
        #expect(chains.count == SmallWorld.train)
        for (line, record) in zip(chains, train) {
            let chain = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
            #expect(chain["positive"] == (record["chain"] as? [String])?.joined(separator: " => "))
        }
        let categories = try #require(try SmallWorld.json("categories.json") as? [String: Any])
        let list = try #require(categories["categories"] as? [[String: Any]])
        #expect(list.map { $0["name"] as? String } == Shape.allCases.map(\.word))
        let trainTotal = list.compactMap { $0["train"] as? Int }.reduce(0, +)
        #expect(trainTotal == SmallWorld.train)
        for line in train {
            let id = try #require(line["category_id"] as? Int)
            #expect(list[id]["name"] as? String == line["category"] as? String)
        }
    }
}
