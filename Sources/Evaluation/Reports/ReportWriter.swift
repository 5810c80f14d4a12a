import Foundation

/// Writes evaluation results as JSON, Markdown and a self-contained HTML page.
///
/// The JSON keeps every case record, so `loupe eval compare A.json B.json` can bootstrap it
/// (``PairedBootstrap``); the Markdown has a table per metric section with models as columns;
/// the HTML adds inline SVG charts and example chains.
public struct ReportWriter {
    /// The results (several suites and/or several models).
    public var results: [EvalResult]
    /// Comparisons to append to the Markdown and HTML.
    public var comparisons: [Comparison]
    /// The page title.
    public var title: String

    /// A writer over `results`.
    public init(
        results: [EvalResult], comparisons: [Comparison] = [], title: String = "Loupe evaluation"
    ) {
        self.results = results
        self.comparisons = comparisons
        self.title = title
    }

    /// All results as one pretty, key-sorted JSON array (readable by ``EvalResult/load(from:)``).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(results)
    }

    /// The Markdown report.
    public func markdown() -> String {
        var out = MarkdownReport.render(results, title: title)
        for comparison in comparisons { out += "\n" + MarkdownReport.render(comparison) }
        return out
    }

    /// The HTML report.
    public func html() -> String {
        HTMLReport.render(results, comparisons: comparisons, title: title)
    }

    /// Writes `<baseName>.json`, `.md` and `.html` into `directory` (created if needed),
    /// each atomically; returns their URLs.
    @discardableResult
    public func write(to directory: URL, baseName: String = "report") throws -> [URL] {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true)
            let json = directory.appendingPathComponent(baseName + ".json")
            let markdown = directory.appendingPathComponent(baseName + ".md")
            let html = directory.appendingPathComponent(baseName + ".html")
            try self.json().write(to: json, options: .atomic)
            try Data(self.markdown().utf8).write(to: markdown, options: .atomic)
            try Data(self.html().utf8).write(to: html, options: .atomic)
            return [json, markdown, html]
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw EvaluationError.report("cannot write report to \(directory.path): \(error)")
        }
    }

    /// The Markdown of one comparison (for `loupe eval compare`).
    public static func markdown(_ comparison: Comparison) -> String {
        MarkdownReport.render(comparison)
    }

    /// One comparison as pretty JSON.
    public static func json(_ comparison: Comparison) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(comparison)
    }

    /// Compares every suite present in both report files; results are matched by suite name.
    public static func compare(
        _ a: [EvalResult], _ b: [EvalResult], resamples: Int = 1000, confidence: Double = 0.95,
        seed: UInt64 = 0
    ) throws -> [Comparison] {
        let pairs = a.compactMap { x in b.first { $0.suite == x.suite }.map { (x, $0) } }
        guard !pairs.isEmpty else {
            throw EvaluationError.report("the two reports have no suite in common")
        }
        return try pairs.map {
            try PairedBootstrap.compare(
                $0.0, $0.1, resamples: resamples, confidence: confidence, seed: seed)
        }
    }
}
