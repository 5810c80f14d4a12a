import ArgumentParser
import CLIPPipeline
import Evaluation
import Foundation
import NumpyFormat

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a model on retrieval, zero-shot, compositional and hierarchy benchmarks.",
        subcommands: [EvalRunCommand.self, EvalCompareCommand.self],
        defaultSubcommand: EvalRunCommand.self)
}

/// Evaluation's view of a model pipeline.
final class PipelineEmbedder: Embedder {
    let pipeline: any ImageTextEmbedder
    init(_ pipeline: any ImageTextEmbedder) { self.pipeline = pipeline }
    var fingerprint: String { pipeline.fingerprint }
    var dimension: Int { pipeline.dimension }

    func embedImages(_ images: [ImageInput]) throws -> [[Float]] {
        let requests = images.map { input in
            ImageRequest(url: input.url, crop: input.crop.map {
                (Int($0.x.rounded()), Int($0.y.rounded()), Int($0.width.rounded()), Int($0.height.rounded()))
            })
        }
        return try pipeline.embedImages(requests, normalize: false).map { try $0.get() }
    }

    func embedTexts(_ texts: [String]) throws -> [[Float]] { try pipeline.embedTexts(texts, normalize: false) }
}

struct EvalRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one suite (`loupe eval SUITE …`).",
        discussion: """
            Suites: \(SuiteCatalog.names.joined(separator: ", ")). Every suite states how many cases it \
            evaluated and how many it skipped, and why. Metrics use the papers' names and conventions \
            (strict > for pairwise suites; retrieval ranks count ties pessimistically unless --tie-rule \
            optimistic). Embeddings are cached by model fingerprint and input hash.

            Examples:
              loupe eval sugarcrepe --model M --data ../shared/data/sugarcrepe --images ../shared/data/coco-mini/val2017 --images ../shared/data/coco-hierarcaps/test_imgs
              loupe eval retrieval --model M --data ../shared/data/flickr8k --split test --json
              loupe eval winoground --data ../shared/data/winoground --embeddings ../shared/data/winoground/winoground_real_vitb32.npz
              loupe eval hierarcaps --model M --data ../shared/data/coco-hierarcaps --report out/eval
            """)

    @Argument(help: ArgumentHelp("The suite.", valueName: "suite")) var suite: String
    @Option(help: ArgumentHelp("Model directory, .safetensors file or hf:OWNER/NAME.", valueName: "path")) var model: String?
    @Option(help: ArgumentHelp("Config for a bare .safetensors model.", valueName: "file")) var config: String?
    @Option(help: ArgumentHelp("The benchmark's data file or folder.", valueName: "path")) var data: String
    @Option(help: ArgumentHelp("Image folder(s) to look in; repeatable.", valueName: "dir")) var images: [String] = []
    @Option(help: ArgumentHelp("Write report.json, report.md and report.html here.", valueName: "dir")) var report: String?
    @Flag(help: "Print one JSON object: suite, model, evaluated, skipped, skip_reasons, metrics.") var json = false
    @Option(help: ArgumentHelp("Winoground without a model: npz with img/cap arrays (row 2·id + j).", valueName: "file"))
    var embeddings: String?
    @Option(help: "Split for retrieval / order sets (Flickr8k or Karpathy).") var split = "test"
    @Option(help: "Seed of ARO's order perturbations.") var seed: UInt64 = 0
    @Option(help: "HierarCaps radius thresholds.") var steps = 50
    @Option(help: "Retrieval tie rule: pessimistic or optimistic.") var tieRule = "pessimistic"
    @Option(help: "Inputs per forward pass.") var batch = 32
    @Flag(help: "Do not read or write the embedding cache.") var noCache = false

    func validate() throws {
        guard SuiteCatalog.names.contains(suite) else {
            throw ValidationError("unknown suite '\(suite)'; one of: \(SuiteCatalog.names.joined(separator: ", "))")
        }
        if model == nil && !(suite == "winoground" && embeddings != nil) {
            throw ValidationError("--model is required (winoground can use --embeddings FILE.npz instead)")
        }
        guard ["pessimistic", "optimistic"].contains(tieRule) else { throw ValidationError("--tie-rule must be pessimistic or optimistic") }
    }

    func run() throws {
        let result: EvalResult
        var options = SuiteOptions(split: split, seed: seed, steps: steps)
        options.tieRule = tieRule == "optimistic" ? .optimistic : .pessimistic
        let dataURL = URL(fileURLWithPath: data)
        if let embeddings, model == nil {
            let arrays = try Numpy.readArchive(at: URL(fileURLWithPath: embeddings))
            guard let img = arrays["img"], let cap = arrays["cap"], img.shape.count == 2, cap.shape.count == 2 else {
                throw CLIError("\(embeddings): needs 2-D arrays 'img' and 'cap'")
            }
            var isDirectory: ObjCBool = false
            let meta = FileManager.default.fileExists(atPath: dataURL.path, isDirectory: &isDirectory) && isDirectory.boolValue
                ? dataURL.appendingPathComponent("winoground_meta.csv") : dataURL
            let suite = try WinogroundSuite(data: meta)
            result = try suite.evaluate(
                images: EmbeddingMatrix(rows: img.shape[0], columns: img.shape[1], values: try img.floats()),
                captions: EmbeddingMatrix(rows: cap.shape[0], columns: cap.shape[1], values: try cap.floats()),
                model: "npz:" + URL(fileURLWithPath: embeddings).lastPathComponent)
        } else {
            let path = try ModelOptions.resolve(model!)
            let pipeline = try EmbedderLoader.load(path, configFile: config.map { URL(fileURLWithPath: $0) })
            pipeline.batchSize = batch
            let suiteObject = try SuiteCatalog.make(suite, data: dataURL, images: images.map { URL(fileURLWithPath: $0) },
                                                    options: options)
            let cache = noCache ? nil : try EmbeddingCache(directory: Self.cacheDirectory)
            let context = EvalContext(cache: cache, batchSize: batch) { line in
                FileHandle.standardError.write(Data("\(line)\n".utf8))
            }
            result = try suiteObject.run(embedder: PipelineEmbedder(pipeline), context: context)
        }
        if let report {
            let files = try ReportWriter(results: [result], comparisons: [], title: "Loupe: \(suite)").write(to: URL(fileURLWithPath: report))
            FileHandle.standardError.write(Data("report: \(files.map(\.path).joined(separator: ", "))\n".utf8))
        }
        if json {
            print(result.summaryJSON())
        } else {
            print(Self.table(result))
        }
    }

    static var cacheDirectory: URL {
        (ProcessInfo.processInfo.environment["LOUPE_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/loupe"))
            .appendingPathComponent("embeddings")
    }

    static func table(_ r: EvalResult) -> String {
        var lines = ["\(r.suite) — model \(r.model)", "evaluated \(r.evaluated), skipped \(r.skipped)"]
        for (reason, count) in r.skipReasons.sorted(by: { $0.key < $1.key }) { lines.append("  skipped \(count): \(reason)") }
        let width = max(12, (r.metricOrder.map(\.count).max() ?? 0) + 2)
        for name in r.metricOrder {
            lines.append(name.padding(toLength: width, withPad: " ", startingAt: 0) + String(format: "%.4f", r.metrics[name]!))
        }
        for note in r.notes { lines.append("note: \(note)") }
        return lines.joined(separator: "\n")
    }
}

struct EvalCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two evaluation reports side by side, with paired-bootstrap confidence intervals.")

    @Argument(help: "First report.json.") var a: String
    @Argument(help: "Second report.json.") var b: String
    @Option(help: ArgumentHelp("Also write report.json/.md/.html of the comparison here.", valueName: "dir")) var report: String?
    @Option(help: "Bootstrap resamples.") var resamples = 1000
    @Flag(help: "Print JSON instead of Markdown.") var json = false

    func run() throws {
        let ra = try EvalResult.load(from: URL(fileURLWithPath: a))
        let rb = try EvalResult.load(from: URL(fileURLWithPath: b))
        let comparisons = try ReportWriter.compare(ra, rb, resamples: resamples)
        for c in comparisons {
            print(json ? String(decoding: try ReportWriter.json(c), as: UTF8.self) : ReportWriter.markdown(c))
        }
        if let report {
            try ReportWriter(results: ra + rb, comparisons: comparisons, title: "Loupe comparison").write(to: URL(fileURLWithPath: report))
        }
    }
}
