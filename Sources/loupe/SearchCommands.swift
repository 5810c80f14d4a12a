import ArgumentParser
import CLIPPipeline
import Foundation
import Library
import SearchServer
import Tokenizers
import VectorIndex

struct LibraryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Library directory.", valueName: "dir")) var db = ".loupe"
    var url: URL { URL(fileURLWithPath: db) }
}

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index folders of photos (JPEG, PNG) and documents (.txt, .md) for search; incremental and crash-safe.",
        discussion: """
            Unchanged files are skipped (size and modification time; hashed when in doubt), changed files \
            re-embedded, deleted files dropped, renamed and duplicate files recognised by content. Work is \
            committed in batches: an interrupted run (even kill -9) leaves a library that searches what was \
            committed and resumes on the next run. Files that fail (corrupt, unreadable, too many pixels) \
            are recorded with their error (see `loupe status`) and never stop the run.

            Examples:
              loupe index ~/Pictures/site-2024 ~/reports --model ~/models/clip-vit-base-patch32
              loupe index photos --model hf:openai/clip-vit-base-patch32 --db photos.loupe
            """)

    @Argument(help: "Folders or files to index.") var paths: [String]
    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var library: LibraryOptions
    @Flag(help: "Re-embed everything (needed after changing the model).") var reindex = false
    @Flag(help: "Try files that failed before again.") var retryFailures = false
    @Flag(help: "Also index hidden files and folders.") var includeHidden = false
    @Option(help: "Vector storage: f16 (default, half the size) or f32.") var dtype: String?
    @Option(help: "Images per forward pass.") var batch = 32

    func run() throws {
        let pipeline = try EmbedderLoader.load(try modelOptions.resolvedPath(), configFile: modelOptions.config.map {
            URL(fileURLWithPath: $0) }, hints: try modelOptions.hints())
        pipeline.batchSize = batch
        let lib = try Library(directory: library.url, mode: .readWrite)
        var options = IndexOptions()
        options.batchSize = batch
        options.reindex = reindex
        options.retryFailures = retryFailures
        options.includeHidden = includeHidden
        if let dtype {
            switch dtype.lowercased() {
            case "f16", "float16": options.dtype = .float16
            case "f32", "float32": options.dtype = .float32
            default: throw ValidationError("--dtype must be f16 or f32")
            }
        }
        let indexer = Indexer(library: lib, embedder: CLIPItemEmbedder(pipeline: pipeline), options: options,
                              progress: TerminalProgressReporter(fileDescriptor: STDERR_FILENO))
        let summary = try indexer.run(roots: paths.map { URL(fileURLWithPath: $0) })
        print("""
            indexed \(summary.scannedFiles) files into \(library.db): \(summary.embeddedFiles) embedded \
            (\(summary.embeddedItems) items), \(summary.unchangedFiles) unchanged, \(summary.renamedFiles) renamed, \
            \(summary.reusedFiles) duplicates reused, \(summary.deletedFiles) removed, \(summary.failedFiles) failed, \
            \(summary.skippedUnsupported) unsupported skipped
            """)
        if summary.failedFiles > 0 { print("see failures with: loupe status --db \(library.db)") }
    }
}

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search an indexed library by text, by image, or both, with weighted terms.",
        discussion: """
            Query terms combine as rclip's: "red car" + 2:"night" - "rain" (weights multiply unit vectors, \
            '-' subtracts). A term that names an existing .jpg/.png file is an image query. Results show \
            path, score and, for document passages, the matching text and line range.

            Examples:
              loupe search "rust on the left flange bolt" --model M
              loupe search --image bolt.jpg --kind image -k 20 --model M --json
              loupe search "crack" + 2:"weld seam" --path "*/2024/*" --after 2024-01-01 --model M
            """)

    @Argument(help: "Query terms.") var query: [String] = []
    @Option(help: ArgumentHelp("Search by this image (adds to any text terms).", valueName: "file")) var image: String?
    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var library: LibraryOptions
    @Option(name: .short, help: "Number of results.") var k = 10
    @Option(help: "image, text or all.") var kind = "all"
    @Option(help: ArgumentHelp("Only paths matching this glob.", valueName: "glob")) var path: String?
    @Option(help: ArgumentHelp("Only files modified on or after this date (YYYY-MM-DD).", valueName: "date")) var after: String?
    @Option(help: ArgumentHelp("Only files modified before this date (YYYY-MM-DD).", valueName: "date")) var before: String?
    @Flag(help: "Print JSON lines.") var json = false

    func validate() throws {
        if query.isEmpty && image == nil { throw ValidationError("give a text query, --image FILE, or both") }
        guard ["image", "text", "all"].contains(kind) else { throw ValidationError("--kind must be image, text or all") }
    }

    static func date(_ s: String?) throws -> Date? {
        guard let s else { return nil }
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        guard let d = f.date(from: s) else { throw ValidationError("dates are YYYY-MM-DD, got '\(s)'") }
        return d
    }

    func run() throws {
        let pipeline = try EmbedderLoader.load(try modelOptions.resolvedPath(), configFile: modelOptions.config.map {
            URL(fileURLWithPath: $0) }, hints: try modelOptions.hints())
        let lib = try Library(directory: library.url, mode: .readOnly)
        var terms: [(weight: Float, vector: [Float])] = []
        if !query.isEmpty {
            for term in try QueryParser.parse(query.joined(separator: " ")) {
                if let file = term.imageFile() {
                    terms.append((term.weight, try pipeline.embedImages([ImageRequest(url: file)], normalize: true)[0].get()))
                } else {
                    terms.append((term.weight, try pipeline.embedTexts([term.text], normalize: true)[0]))
                }
            }
        }
        if let image {
            terms.append((1, try pipeline.embedImages([ImageRequest(url: URL(fileURLWithPath: image))], normalize: true)[0].get()))
        }
        let filter = SearchFilter(kind: kind == "all" ? nil : ItemKind(rawValue: kind), pathGlob: path.map { PathGlob($0) },
                                  modifiedFrom: try Self.date(after), modifiedBefore: try Self.date(before))
        let results = try lib.search(terms: terms, fingerprint: pipeline.fingerprint, k: k, filter: filter)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            for r in results { print(String(decoding: try encoder.encode(r), as: UTF8.self)) }
            return
        }
        if results.isEmpty { print("no results") }
        for (i, r) in results.enumerated() {
            var line = String(format: "%2d. %.4f  %@", i + 1, r.score, r.path)
            if let p = r.passage {
                line += " (lines \(p.startLine)–\(p.endLine))\n      " + p.text.replacingOccurrences(of: "\n", with: " ").prefix(160)
            }
            print(line)
        }
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a library's counts, model, failures and size on disk.")
    @OptionGroup var library: LibraryOptions
    @Flag(help: "Print JSON.") var json = false
    @Option(help: "Failures to list.") var failures = 20

    func run() throws {
        let s = try Library(directory: library.url, mode: .readOnly).status(failureLimit: failures)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(s), as: UTF8.self))
            return
        }
        print("""
            library      \(s.directory)
            model        \(s.model?.fingerprint ?? "none yet")
            images       \(s.imageFiles)
            documents    \(s.textFiles) (\(s.textPassages) passages)
            failed       \(s.failedFiles)
            vectors      \(s.storeRows) rows (\(s.deadRows) reclaimable)
            size         \(String(format: "%.1f MB", Double(s.sizeOnDisk) / 1e6))
            """)
        for f in s.failures { print("  failed: \(f)") }
    }
}

struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a file or every file under a folder from a library.")
    @Argument(help: "Path (a file or a folder prefix).") var path: String
    @OptionGroup var library: LibraryOptions

    func run() throws {
        let lib = try Library(directory: library.url, mode: .readWrite)
        let removed = try lib.remove(path: URL(fileURLWithPath: path).standardizedFileURL.path)
        print("removed \(removed) files")
    }
}
