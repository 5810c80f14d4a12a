import Foundation

/// One HierarCaps row: a generic-to-specific chain of captions for an image.
public struct HierarCapsChain: Sendable, Equatable {
    /// Row id (`id` column, or the record index for the expanded file).
    public var id: String
    /// The levels, generic to specific, whitespace-trimmed.
    public var levels: [String]
    /// The `image_url` (its basename's trailing number is the COCO id).
    public var imageURL: String

    /// The image file name (basename of ``imageURL``).
    public var imageName: String { (imageURL as NSString).lastPathComponent }

    /// Creates a chain.
    public init(id: String, levels: [String], imageURL: String) {
        self.id = id
        self.levels = levels
        self.imageURL = imageURL
    }
}

/// Parses HierarCaps CSVs (TAU-VAILab/hierarcaps `data/`): the test file
/// (`id,captions,image_url`) or the expanded file (`positive,negative,image_url`, whose
/// `positive` chains are used). Levels are split on `=>` and trimmed, as `row2texts` does.
public enum HierarCapsData {
    /// Number of levels per chain.
    public static let levelCount = 4

    /// The expected layout.
    public static let expectedLayout = """
        hierarcaps_test.csv (id,captions,image_url; captions = 4 levels joined by " => ") or the \
        decompressed hierarcaps_test_expanded.csv (positive,negative,image_url); images \
        COCO_val2014_<12-digit id>.jpg under the image folder (test_imgs/), matched by COCO id
        """

    /// Loads chains from a CSV file (decompress `.csv.gz` first).
    public static func load(_ url: URL) throws -> [HierarCapsChain] {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw EvaluationError.missingData(
                suite: "hierarcaps", path: url.path, expected: expectedLayout)
        }
        if url.pathExtension.lowercased() == "gz" {
            throw EvaluationError.missingData(
                suite: "hierarcaps", path: url.path,
                expected: "a decompressed CSV (gunzip -k \(url.lastPathComponent)); "
                    + expectedLayout)
        }
        return try parse(text: readText(url), file: url.path)
    }

    /// Parses CSV text (`file` names it in errors).
    public static func parse(text: String, file: String) throws -> [HierarCapsChain] {
        let table = try CSVTable(text: text, file: file)
        let chainColumn =
            table.header.contains("captions")
            ? try table.column("captions") : try table.column("positive")
        let urlColumn = try table.column("image_url")
        let idColumn = table.header.firstIndex(of: "id")
        return try table.records.enumerated().map { index, record in
            let levels = record.fields[chainColumn].components(separatedBy: "=>")
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            guard levels.count == levelCount else {
                throw EvaluationError.malformed(
                    file: file, location: "line \(record.line)",
                    key: table.header[chainColumn],
                    problem: "\(levels.count) levels, expected \(levelCount)")
            }
            return HierarCapsChain(
                id: idColumn.map { record.fields[$0] } ?? String(index), levels: levels,
                imageURL: record.fields[urlColumn])
        }
    }
}
