import Foundation

/// Reads the training or held-out examples a config names, whatever the format: a JSONL manifest,
/// a Flickr8k `captions.csv` (with its split list) or a COCO caption JSON; then mixes in dense
/// recaptions and checks that the images exist.
public enum TrainingSource {
    /// What reading did besides returning examples, for the log.
    public struct Report: Sendable, Equatable {
        public var format: String
        public var split: String?
        public var recaptions: Recaptions.MixReport?
        /// Examples dropped because their image file is missing (`data.missing_images: skip`).
        public var skippedMissingImages = 0
    }

    /// The examples of `path` under the `data` settings; `split` is the Flickr8k split list
    /// (default: `train.txt` or, for held-out data, `dev.txt` beside the CSV).
    public static func read(_ path: String, data: TrainConfig.Data, split: String?, heldOut: Bool = false,
                            seed: UInt64 = 0) throws -> (examples: [TrainingExample], report: Report) {
        let url = URL(fileURLWithPath: path)
        let imagesRoot = data.images.map { URL(fileURLWithPath: $0) }
        var examples: [TrainingExample]
        var report: Report
        switch url.pathExtension.lowercased() {
        case "csv":
            let defaultSplit = url.deletingLastPathComponent().appendingPathComponent(heldOut ? "dev.txt" : "train.txt")
            let splitURL = split.map { URL(fileURLWithPath: $0) }
                ?? (FileManager.default.fileExists(atPath: defaultSplit.path) ? defaultSplit : nil)
            examples = try Flickr8kCaptions.read(url, split: splitURL, images: imagesRoot)
            report = Report(format: "flickr8k", split: splitURL?.path)
        case "json":
            examples = try COCOCaptions.read(url, images: imagesRoot)
            report = Report(format: "coco")
        default:
            examples = try TrainingManifest.read(url, imagesRoot: imagesRoot)
            report = Report(format: "jsonl")
        }
        if !heldOut, let recaptionPath = data.recaptions {
            let table = try Recaptions.read(URL(fileURLWithPath: recaptionPath), imagesRoot: imagesRoot)
            let mixed = Recaptions.mix(examples, recaptions: table, fraction: data.recaptionMix, seed: seed)
            examples = mixed.examples
            report.recaptions = mixed.report
        }
        let checked = try checkImages(examples, path: path, policy: data.missingImages)
        report.skippedMissingImages = examples.count - checked.count
        if checked.isEmpty { throw TrainingDataError.empty(path: path) }
        return (checked, report)
    }

    /// `examples` whose image exists; with `policy` `fail`, any missing image is an error that
    /// counts them and names the first few.
    public static func checkImages(_ examples: [TrainingExample], path: String, policy: String) throws -> [TrainingExample] {
        let fm = FileManager.default
        var present: [TrainingExample] = []
        var missing: [String] = []
        var missingSet = Set<String>()
        var checked: [String: Bool] = [:]
        for e in examples {
            guard let image = e.image else {
                present.append(e)
                continue
            }
            let exists = checked[image.path] ?? fm.fileExists(atPath: image.path)
            checked[image.path] = exists
            if exists {
                present.append(e)
            } else if missingSet.insert(image.path).inserted {
                missing.append(image.path)
            }
        }
        if !missing.isEmpty && policy != "skip" {
            throw TrainingDataError.missingImages(path: path, count: missing.count, total: checked.count, first: Array(missing.prefix(3)))
        }
        return present
    }
}

extension TrainingExample {
    /// One example per image, with the captions of every example of that image in order (Flickr8k
    /// and COCO read as one example per caption); examples without an image stay as they are.
    public static func groupedByImage(_ examples: [TrainingExample]) -> [TrainingExample] {
        var grouped: [TrainingExample] = []
        var index: [URL: Int] = [:]
        for e in examples {
            guard let image = e.image else {
                grouped.append(e)
                continue
            }
            if let i = index[image] {
                grouped[i].captions += e.captions.filter { !grouped[i].captions.contains($0) }
            } else {
                index[image] = grouped.count
                grouped.append(e)
            }
        }
        return grouped
    }
}
