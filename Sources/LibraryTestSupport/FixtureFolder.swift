import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A generated folder of fake images (caption files with `.jpg`/`.png` names, see
/// ``FakeEmbedder``), text documents, a corrupt image, unsupported and hidden files, and
/// symlinks pointing out of the folder. All files get a fixed modification time in the past.
public struct FixtureFolder {
    /// The folder.
    public let root: URL
    /// Default modification time of generated files (2021-01-01T00:00:00Z).
    public static let pastDate = Date(timeIntervalSince1970: 1_609_459_200)

    /// Creates the folder contents under `root` (which must not exist).
    ///
    /// - Parameters:
    ///   - root: the folder to create.
    ///   - images: number of captioned images (`photos/img000.jpg`, every fifth one `.png`).
    ///   - documents: number of multi-line text documents (`docs/doc0.md`, `docs/doc1.txt`, …).
    ///   - extras: also add a corrupt image, unsupported files, a hidden directory and symlinks.
    /// - Returns: the folder.
    /// - Throws: file system errors.
    @discardableResult
    public static func make(
        at root: URL, images: Int = 24, documents: Int = 3, extras: Bool = true
    ) throws -> FixtureFolder {
        let folder = FixtureFolder(root: root)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for i in 0 ..< images {
            let name = String(format: "photos/img%03d.%@", i, i % 5 == 4 ? "png" : "jpg")
            try folder.write(name, "FAKEIMG " + caption(for: i) + "\n")
        }
        for d in 0 ..< documents {
            try folder.write("docs/doc\(d).\(d % 2 == 0 ? "md" : "txt")", document(d))
        }
        if extras {
            try folder.write("photos/special/zebra.png", "FAKEIMG a zebra crossing the tram line\n")
            try folder.write("broken/bad.jpg", "CORRUPT\u{0}\u{1}")
            try folder.write("other/animation.gif", "GIF89a")
            try folder.write("other/data.bin", "binary")
            try folder.write(".hidden/secret.jpg", "FAKEIMG hidden secret\n")
            let outside = root.deletingLastPathComponent()
                .appendingPathComponent(root.lastPathComponent + "-outside")
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            try "FAKEIMG outside the root\n".write(
                to: outside.appendingPathComponent("elsewhere.jpg"), atomically: true,
                encoding: .utf8)
            try FileManager.default.createSymbolicLink(
                at: root.appendingPathComponent("photos/outside-dir"), withDestinationURL: outside)
            try FileManager.default.createSymbolicLink(
                at: root.appendingPathComponent("photos/outside.jpg"),
                withDestinationURL: outside.appendingPathComponent("elsewhere.jpg"))
        }
        return folder
    }

    public init(root: URL) { self.root = root }

    /// Absolute, symlink-resolved path of a file in the folder.
    public func path(_ relative: String) -> String {
        let resolvedRoot =
            realpath(root.path, nil).map { pointer in
                defer { free(pointer) }
                return String(cString: pointer)
            } ?? root.path
        return resolvedRoot + "/" + relative
    }

    /// Writes `contents` to `relative` (creating directories) and sets its mtime.
    public func write(_ relative: String, _ contents: String, modified: Date = pastDate) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
        try setModified(relative, modified)
    }

    /// Sets the modification time of `relative`.
    public func setModified(_ relative: String, _ date: Date) throws {
        try FileManager.default.setAttributes(
            [.modificationDate: date], ofItemAtPath: root.appendingPathComponent(relative).path)
    }

    /// Deletes `relative`.
    public func remove(_ relative: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(relative))
    }

    /// Renames `from` to `to` (keeps the mtime, as `mv` does).
    public func move(_ from: String, _ to: String) throws {
        let target = root.appendingPathComponent(to)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: root.appendingPathComponent(from), to: target)
    }

    /// Copies `from` to `to` with the same contents and mtime.
    public func copy(_ from: String, _ to: String) throws {
        let data = try Data(contentsOf: root.appendingPathComponent(from))
        try write(to, String(decoding: data, as: UTF8.self))
    }

    /// A fresh, empty temporary directory path (not created).
    public static func temporaryDirectory(_ name: String) -> URL {
        URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("loupe-\(name)-\(getpid())-\(UUID().uuidString.prefix(8))")
    }

    /// The caption of image `i`: distinct word combinations from small vocabularies.
    public static func caption(for i: Int) -> String {
        let colours = ["red", "blue", "green", "yellow", "black", "white", "orange"]
        let things = ["car", "boat", "house", "bicycle", "dog", "cat", "tree", "bridge", "train"]
        let places = ["beach", "forest", "city", "mountain", "river", "desert", "harbour", "farm"]
        return "a \(colours[i % colours.count]) \(things[(i / 2) % things.count]) near the "
            + "\(places[(i / 3) % places.count]) number\(i)"
    }

    /// Text document `d`: thirty numbered lines with a few blank lines.
    public static func document(_ d: Int) -> String {
        let topics = ["astronomy", "gardening", "cooking", "sailing", "chess"]
        var lines: [String] = ["# Notes on \(topics[d % topics.count]) \(d)", ""]
        for line in 1 ... 30 {
            lines.append(
                "line \(line) about \(topics[(d + line) % topics.count]) with detail\(d)x\(line)")
            if line % 7 == 0 { lines.append("") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
