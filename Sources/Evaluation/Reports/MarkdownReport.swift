import Foundation

/// Markdown rendering of results and comparisons.
enum MarkdownReport {
    /// One section per suite: evaluated/skipped per model, then a table per metric section
    /// (rows: metrics, columns: models), then notes.
    static func render(_ results: [EvalResult], title: String) -> String {
        var out = "# \(title)\n"
        for (suite, group) in ReportFormatting.bySuite(results) {
            let labels = ReportFormatting.labels(group)
            out += "\n## \(suite)\n\n"
            out += "| model | evaluated | skipped | skip reasons |\n|---|---:|---:|---|\n"
            for (label, result) in zip(labels, group) {
                out +=
                    "| \(label) | \(result.evaluated) | \(result.skipped) | "
                    + "\(cell(ReportFormatting.skips(result.skipReasons))) |\n"
            }
            var descriptions: [String] = []
            for result in group {
                if let text = result.extras.dataDescription, !descriptions.contains(text) {
                    descriptions.append(text)
                }
            }
            if !descriptions.isEmpty {
                out += "\nData: " + descriptions.map(cell).joined(separator: "; ") + "\n"
            }
            for (section, specs) in ReportFormatting.sections(group) {
                out += "\n### \(section)\n\n| metric |"
                out += labels.map { " \($0) |" }.joined()
                out += "\n|---|" + String(repeating: "---:|", count: group.count) + "\n"
                for spec in specs {
                    out += "| \(spec.name)\(ReportFormatting.unit(spec.kind)) |"
                    out += group.map {
                        " \(ReportFormatting.value($0.metrics[spec.name], kind: spec.kind)) |"
                    }.joined()
                    out += "\n"
                }
            }
            let notes = zip(labels, group).flatMap { label, result in
                result.notes.map { group.count > 1 ? "\(label): \($0)" : $0 }
            }
            if !notes.isEmpty {
                out += "\nNotes:\n" + notes.map { "- \($0)\n" }.joined()
            }
        }
        return out
    }

    /// A comparison table: metric, A, B, B − A and the bootstrap interval.
    static func render(_ comparison: Comparison) -> String {
        let a = ReportFormatting.model(comparison.modelA)
        let b = ReportFormatting.model(comparison.modelB)
        let level = Int((comparison.confidence * 100).rounded())
        var out = "## \(comparison.suite): \(a) (A) vs \(b) (B)\n\n"
        out +=
            "Paired cases: \(comparison.pairedCases); \(comparison.resamples) bootstrap "
            + "resamples, seed \(comparison.seed).\n\n"
        out += "| metric | A | B | B − A | \(level)% CI |\n|---|---:|---:|---:|---|\n"
        for row in comparison.rows {
            let interval =
                row.lower.flatMap { low in
                    row.upper.map {
                        "[\(ReportFormatting.difference(low, kind: row.kind)), "
                            + "\(ReportFormatting.difference($0, kind: row.kind))]"
                    }
                } ?? "–"
            out +=
                "| \(row.metric)\(ReportFormatting.unit(row.kind)) | "
                + "\(ReportFormatting.value(row.a, kind: row.kind)) | "
                + "\(ReportFormatting.value(row.b, kind: row.kind)) | "
                + "\(ReportFormatting.difference(row.difference, kind: row.kind)) | \(interval) |\n"
        }
        return out
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
