import Foundation
@testable import MHCVSE
import Testing
import Training

/// MH-CVSE reads every training format; one-row-per-caption files become one image with all its captions.
@Suite("MH-CVSE training data formats", .serialized)
struct MHCVSEDataFormatTests {
    /// Writes `manifest`'s examples as a Flickr8k-style `captions.csv` (one row per caption, image
    /// paths relative to `root`) and a split list naming every image. Returns (csv, split).
    func flickrStyle(_ manifest: URL, root: URL, name: String) throws -> (URL, URL) {
        let examples = try TrainingManifest.read(manifest, imagesRoot: nil)
        var csv = "image,caption\n"
        var names: [String] = []
        for e in examples {
            let relative = String(e.image!.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            names.append(relative)
            for c in e.captions { csv += "\(relative),\"\(c.replacingOccurrences(of: "\"", with: "\"\""))\"\n" }
        }
        let csvURL = root.appendingPathComponent("\(name).csv"), splitURL = root.appendingPathComponent("\(name).txt")
        try Data(csv.utf8).write(to: csvURL)
        try Data(names.joined(separator: "\n").utf8).write(to: splitURL)
        return (csvURL, splitURL)
    }

    @Test("a Flickr8k-style CSV with a split list trains on the same pairs and image features as the JSONL manifest")
    func flickrCSV() throws {
        guard let jsonl = TinyWorld.config(out: "csv-jsonl", steps: 1), let world = TinyWorld.directory else { return }
        let (trainCSV, trainSplit) = try flickrStyle(URL(fileURLWithPath: jsonl.data.train), root: world, name: "train-captions")
        let (evalCSV, evalSplit) = try flickrStyle(URL(fileURLWithPath: jsonl.data.eval!), root: world, name: "test-captions")
        var csv = jsonl
        csv.data.train = trainCSV.path
        csv.data.split = trainSplit.path
        csv.data.eval = evalCSV.path
        csv.data.evalSplit = evalSplit.path
        csv.data.images = world.path
        let a = try MHCVSETrainer(config: jsonl), b = try MHCVSETrainer(config: csv)
        #expect(a.items.count > a.imageCache.count / (a.regions * a.base.featureDimension), "several captions per image")
        #expect(a.items.map(\.image) == b.items.map(\.image))
        #expect(a.items.map(\.caption) == b.items.map(\.caption))
        #expect(a.imageCache == b.imageCache)
        #expect(a.vocabulary.words == b.vocabulary.words)
        #expect(a.evalSet?.imageCount == b.evalSet?.imageCount && a.evalSet?.owners == b.evalSet?.owners)
        #expect(a.evaluate() == b.evaluate())
    }

    @Test("groupedByImage: one example per image, captions in order without repeats, image-less examples kept")
    func grouping() {
        let x = URL(fileURLWithPath: "/x.jpg"), y = URL(fileURLWithPath: "/y.jpg")
        let grouped = TrainingExample.groupedByImage([
            TrainingExample(image: x, captions: ["a"]), TrainingExample(image: y, captions: ["b"]),
            TrainingExample(image: nil, captions: ["text only"]), TrainingExample(image: x, captions: ["c", "a"]),
        ])
        #expect(grouped.map(\.image) == [x, y, nil])
        #expect(grouped.map(\.captions) == [["a", "c"], ["b"], ["text only"]])
    }
}
