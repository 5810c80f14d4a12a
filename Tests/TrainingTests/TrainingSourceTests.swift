import Foundation
import TestSupport
import Testing
import Training

/// Flickr8k and COCO training loaders, recaption mixing and the missing-image policy.
@Suite("Training sources")
struct TrainingSourceTests {
    func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-sources-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("images"), withIntermediateDirectories: true)
        return dir
    }

    func touch(_ url: URL) throws { try Data([0xFF]).write(to: url) }

    @Test("Flickr8k CSV: quoted commas and doubled quotes, split filtering, one example per pair")
    func flickrCSV() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("captions.csv")
        try """
            image,caption
            a.jpg,A dog runs .
            a.jpg,"A dog , brown , runs ."
            b.jpg,"He said ""hi"" ."
            c.jpg,A cat .

            """.write(to: csv, atomically: true, encoding: .utf8)
        try "a.jpg\nb.jpg\n".write(to: dir.appendingPathComponent("train.txt"), atomically: true, encoding: .utf8)
        for n in ["a", "b", "c"] { try touch(dir.appendingPathComponent("images/\(n).jpg")) }
        var data = TrainConfig.Data()
        data.train = csv.path
        let (examples, report) = try TrainingSource.read(csv.path, data: data, split: nil)
        #expect(report.format == "flickr8k")
        #expect(report.split?.hasSuffix("train.txt") == true)
        #expect(examples.map(\.captions) == [["A dog runs ."], ["A dog , brown , runs ."], ["He said \"hi\" ."]])
        #expect(examples[0].image == dir.appendingPathComponent("images/a.jpg"))
        let all = try Flickr8kCaptions.read(csv, split: nil, images: nil)
        #expect(all.count == 4)
    }

    @Test("Flickr8k CSV: malformed rows are errors with the file and line number", arguments: [
        ("image,caption\na.jpg,ok\nb.jpg,\"unterminated\n", 3, "unterminated"),
        ("image,caption\na.jpg,ok\nb.jpg,one,two\n", 3, "expected 2 fields"),
        ("image,caption\n\"a.jpg\"x,ok\n", 2, "after a closing quote"),
        ("image,caption\na.jpg,\"multi\nline\"\n,missing image\n", 4, "empty 'image'"),
        ("file,text\na.jpg,ok\n", 1, "'image' and 'caption'"),
    ])
    func malformed(text: String, line: Int, reason: String) throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("captions.csv")
        try text.write(to: csv, atomically: true, encoding: .utf8)
        #expect {
            try Flickr8kCaptions.read(csv, split: nil, images: nil)
        } throws: { error in
            let message = "\(error)"
            return message.contains("\(csv.path):\(line):") && message.contains(reason)
        }
    }

    @Test("missing images: fail counts them and names the first; skip trains on the rest")
    func missingImages() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("captions.csv")
        try "image,caption\na.jpg,one\nb.jpg,two\nb.jpg,three\nc.jpg,four\nd.jpg,five\n".write(to: csv, atomically: true, encoding: .utf8)
        try touch(dir.appendingPathComponent("images/a.jpg"))
        var data = TrainConfig.Data()
        #expect {
            try TrainingSource.read(csv.path, data: data, split: nil)
        } throws: { error in
            let message = "\(error)"
            return message.contains("3 of 4 images are missing") && message.contains("b.jpg") && message.contains("missing_images")
        }
        data.missingImages = "skip"
        let (examples, report) = try TrainingSource.read(csv.path, data: data, split: nil)
        #expect(examples.map { $0.captions[0] } == ["one"])
        #expect(report.skippedMissingImages == 4)
    }

    @Test("recaption mixing: a seeded round(mix × eligible) examples train on their recaption")
    func recaptionMix() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let examples = (0..<40).map { TrainingExample(image: dir.appendingPathComponent("images/\($0).png"), captions: ["short \($0)"]) }
        var lines: [String] = []
        for i in 0..<30 { lines.append("{\"image\": \"images/\(i).png\", \"caption\": \"a dense caption of scene \(i)\"}") }
        let file = dir.appendingPathComponent("recaptions.jsonl")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let table = try Recaptions.read(file, imagesRoot: nil)
        #expect(table.count == 30)
        for (mix, expected) in [(0.0, 0), (0.25, 8), (0.5, 15), (1.0, 30)] {
            let (mixed, report) = Recaptions.mix(examples, recaptions: table, fraction: mix, seed: 11)
            let used = mixed.filter { $0.captions[0].hasPrefix("a dense") }
            #expect(report == Recaptions.MixReport(eligible: 30, used: expected))
            #expect(used.count == expected)
            // Accompanying, not losing: the original caption stays after the recaption.
            #expect(used.allSatisfy { $0.captions.count == 2 && $0.captions[1].hasPrefix("short") })
            #expect(mixed.suffix(10).allSatisfy { $0.captions == [$0.captions[0]] && $0.captions[0].hasPrefix("short") })
        }
        func chosen(_ seed: UInt64) -> [Int] {
            Recaptions.mix(examples, recaptions: table, fraction: 0.5, seed: seed).examples.indices.filter {
                Recaptions.mix(examples, recaptions: table, fraction: 0.5, seed: seed).examples[$0].captions.count == 2
            }
        }
        #expect(chosen(11) == chosen(11))
        #expect(chosen(11) != chosen(12))
    }

    @Test("recaption file errors name the file and line")
    func recaptionErrors() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("r.jsonl")
        try "{\"image\": \"a.png\", \"caption\": \"x\"}\n{\"image\": \"b.png\"}\n".write(to: file, atomically: true, encoding: .utf8)
        #expect { try Recaptions.read(file, imagesRoot: nil) } throws: { "\($0)".contains("r.jsonl:2: no 'caption'") }
    }

    @Test("COCO caption JSON: one example per annotation, unknown image ids are errors")
    func coco() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("captions.json")
        try """
            {"images": [{"id": 1, "file_name": "one.jpg"}, {"id": 2, "file_name": "two.jpg"}],
             "annotations": [{"image_id": 1, "id": 10, "caption": "A cat. "}, {"image_id": 2, "id": 11, "caption": "A dog."},
                             {"image_id": 1, "id": 12, "caption": "A sleeping cat."}]}
            """.write(to: json, atomically: true, encoding: .utf8)
        let examples = try COCOCaptions.read(json, images: nil)
        #expect(examples.map(\.captions) == [["A cat."], ["A dog."], ["A sleeping cat."]])
        #expect(examples[1].image == dir.appendingPathComponent("two.jpg"))
        try """
            {"images": [{"id": 1, "file_name": "one.jpg"}], "annotations": [{"image_id": 3, "caption": "x"}]}
            """.write(to: json, atomically: true, encoding: .utf8)
        #expect { try COCOCaptions.read(json, images: nil) } throws: { "\($0)".contains("image_id 3") }
    }

    @Test("the real Flickr8k kit: 30,000 training pairs over 6,000 present images; 5,000 dev pairs")
    func realFlickr8k() throws {
        guard let kit = Fixtures.sharedData?.appendingPathComponent("flickr8k"),
              FileManager.default.fileExists(atPath: kit.appendingPathComponent("captions.csv").path) else {
            print("SKIP real Flickr8k loader test: the shared data kit is absent")
            return
        }
        var data = TrainConfig.Data()
        let csv = kit.appendingPathComponent("captions.csv").path
        let (train, report) = try TrainingSource.read(csv, data: data, split: nil)
        #expect(train.count == 30_000)
        #expect(Set(train.compactMap(\.image)).count == 6_000)
        #expect(report.skippedMissingImages == 0)
        let dev = try TrainingSource.read(csv, data: data, split: nil, heldOut: true).examples
        #expect(dev.count == 5_000)
        #expect(Set(train.compactMap(\.image)).isDisjoint(with: Set(dev.compactMap(\.image))))
        data.missingImages = "skip"
        let test = try TrainingSource.read(csv, data: data, split: kit.appendingPathComponent("test.txt").path).examples
        #expect(test.count == 5_000)
    }

    @Test("the real COCO captions: every local image found through local_images.csv, the rest skipped")
    func realCOCO() throws {
        guard let kit = Fixtures.sharedData,
              FileManager.default.fileExists(atPath: kit.appendingPathComponent("coco-captions/captions_val2017.json").path) else {
            print("SKIP real COCO loader test: the shared data kit is absent")
            return
        }
        var data = TrainConfig.Data()
        let json = kit.appendingPathComponent("coco-captions/captions_val2017.json").path
        #expect { try TrainingSource.read(json, data: data, split: nil) } throws: { "\($0)".contains("of 5000 images are missing") }
        data.missingImages = "skip"
        let (examples, report) = try TrainingSource.read(json, data: data, split: nil)
        #expect(Set(examples.compactMap(\.image)).count == 1_128)
        #expect(examples.count == 5_643)
        #expect(report.skippedMissingImages == 25_014 - 5_643)
    }
}
