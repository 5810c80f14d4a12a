import Foundation

/// A labelled image set for zero-shot classification.
public struct ZeroShotDataset: Sendable, Equatable {
    /// Class names used in the prompts, by class index.
    public var classNames: [String]
    /// Image references (paths) with their class index.
    public var items: [LabeledImage]
    /// Where the data came from.
    public var source: String

    /// An image and its class.
    public struct LabeledImage: Sendable, Equatable {
        /// Path of the image (absolute, or relative to the image folder).
        public var image: String
        /// Index into ``ZeroShotDataset/classNames``.
        public var classIndex: Int
    }
}

/// Zero-shot data layouts: a folder per class, or a CSV; plus prompt templates.
public enum ZeroShotData {
    /// The expected layouts.
    public static let expectedLayout = """
        a folder with one sub-folder per class holding its images (class name = folder name \
        with '_' as space, or line i of a class-names file for the i-th folder in sorted \
        order), or a CSV with columns image,label (label = class name, or class index when a \
        class-names file is given)
        """

    /// File extensions treated as images in class folders.
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "bmp", "webp", "gif"]

    /// Loads a class-folder tree or a CSV, with optional class names (one per line).
    public static func load(_ path: URL, classNames namesURL: URL? = nil) throws
        -> ZeroShotDataset
    {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
            throw EvaluationError.missingData(
                suite: "zeroshot", path: path.path, expected: expectedLayout)
        }
        let names = try namesURL.map(lines)
        return isDirectory.boolValue
            ? try folders(path, classNames: names) : try csv(path, classNames: names)
    }

    /// One sub-folder per class.
    public static func folders(_ root: URL, classNames: [String]?) throws -> ZeroShotDataset {
        let fileManager = FileManager.default
        let entries = (try? fileManager.contentsOfDirectory(atPath: root.path)) ?? []
        let classFolders = entries.filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".")
                && fileManager.fileExists(
                    atPath: root.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
        guard !classFolders.isEmpty else {
            throw EvaluationError.missingData(
                suite: "zeroshot", path: root.path, expected: expectedLayout)
        }
        if let classNames, classNames.count != classFolders.count {
            throw EvaluationError.malformed(
                file: root.path, location: "class folders", key: "class names",
                problem: "\(classFolders.count) folders but \(classNames.count) names")
        }
        var items: [ZeroShotDataset.LabeledImage] = []
        for (index, folder) in classFolders.enumerated() {
            let folderURL = root.appendingPathComponent(folder)
            let files = ((try? fileManager.contentsOfDirectory(atPath: folderURL.path)) ?? [])
                .filter { imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
                .sorted()
            for file in files {
                items.append(
                    .init(
                        image: folderURL.appendingPathComponent(file).path,
                        classIndex: index))
            }
        }
        let names =
            classNames
            ?? classFolders.map { $0.replacingOccurrences(of: "_", with: " ") }
        return ZeroShotDataset(classNames: names, items: items, source: root.path)
    }

    /// A CSV with `image` and `label` columns.
    public static func csv(_ url: URL, classNames: [String]?) throws -> ZeroShotDataset {
        let table = try CSVTable(contentsOf: url)
        let imageColumn = try table.column("image")
        let labelColumn = try table.column("label")
        let names =
            classNames
            ?? Array(Set(table.records.map { $0.fields[labelColumn] })).sorted()
        var indexOf: [String: Int] = [:]
        for (i, name) in names.enumerated() where indexOf[name] == nil { indexOf[name] = i }
        let items = try table.records.map { record -> ZeroShotDataset.LabeledImage in
            let label = record.fields[labelColumn]
            if let index = indexOf[label] {
                return .init(image: record.fields[imageColumn], classIndex: index)
            }
            if classNames != nil, let index = Int(label), names.indices.contains(index) {
                return .init(image: record.fields[imageColumn], classIndex: index)
            }
            throw EvaluationError.malformed(
                file: url.path, location: "line \(record.line)", key: "label",
                problem: "'\(label)' is neither a class name nor a class index")
        }
        return ZeroShotDataset(classNames: names, items: items, source: url.path)
    }

    /// Prompt templates from a file, one per line, each with `{}` (or `{c}`) for the class.
    public static func templates(_ url: URL) throws -> [String] {
        let all = try lines(url)
        for (index, template) in all.enumerated()
        where !template.contains("{}") && !template.contains("{c}") {
            throw EvaluationError.malformed(
                file: url.path, location: "line \(index + 1)", key: "template",
                problem: "no {} placeholder in '\(template)'")
        }
        guard !all.isEmpty else {
            throw EvaluationError.malformed(
                file: url.path, location: "file", key: "template", problem: "no templates")
        }
        return all
    }

    /// The prompt for `className` from `template`.
    public static func prompt(_ template: String, _ className: String) -> String {
        template.replacingOccurrences(of: "{c}", with: className)
            .replacingOccurrences(of: "{}", with: className)
    }

    private static func lines(_ url: URL) throws -> [String] {
        try readText(url).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
