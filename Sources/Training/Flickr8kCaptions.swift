import Foundation

/// Flickr8k training pairs: `captions.csv` (`image,caption`, RFC 4180) restricted to the images
/// of a split list (`train.txt`, one file name per line), one example per (image, caption) pair
/// as the standard protocol trains on (30,000 pairs for the 6,000 training images).
public enum Flickr8kCaptions {
    /// Reads `csv`; `split` (default: none, every image) lists the images to keep; `images` is the
    /// image folder (default: `images/` beside the CSV).
    public static func read(_ csv: URL, split: URL?, images: URL?) throws -> [TrainingExample] {
        let text: String
        do { text = try String(contentsOf: csv, encoding: .utf8) } catch {
            throw TrainingDataError.unreadable(path: csv.path, reason: error.localizedDescription)
        }
        var records = try CSVRecords.parse(text, path: csv.path)
        guard let header = records.first else { throw TrainingDataError.empty(path: csv.path) }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let imageColumn = names.firstIndex(of: "image"), let captionColumn = names.firstIndex(of: "caption") else {
            throw TrainingDataError.malformed(path: csv.path, line: header.line,
                                              reason: "expected a header with columns 'image' and 'caption', found \(header.fields)")
        }
        records.removeFirst()
        let keep = try split.map { try splitList($0) }
        let root = images ?? csv.deletingLastPathComponent().appendingPathComponent("images")
        var examples: [TrainingExample] = []
        for r in records {
            guard r.fields.count == names.count else {
                throw TrainingDataError.malformed(path: csv.path, line: r.line,
                                                  reason: "expected \(names.count) fields (image,caption), found \(r.fields.count)")
            }
            let image = r.fields[imageColumn].trimmingCharacters(in: .whitespaces)
            let caption = r.fields[captionColumn].trimmingCharacters(in: .whitespaces)
            guard !image.isEmpty else { throw TrainingDataError.malformed(path: csv.path, line: r.line, reason: "empty 'image'") }
            guard !caption.isEmpty else { throw TrainingDataError.malformed(path: csv.path, line: r.line, reason: "empty 'caption'") }
            if let keep, !keep.contains(image) { continue }
            examples.append(TrainingExample(image: root.appendingPathComponent(image), captions: [caption]))
        }
        if examples.isEmpty { throw TrainingDataError.empty(path: csv.path) }
        return examples
    }

    /// The file names of a split list, one per line (blank lines ignored).
    public static func splitList(_ url: URL) throws -> Set<String> {
        do {
            let text = try String(contentsOf: url, encoding: .utf8)
            return Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        } catch {
            throw TrainingDataError.unreadable(path: url.path, reason: error.localizedDescription)
        }
    }
}
