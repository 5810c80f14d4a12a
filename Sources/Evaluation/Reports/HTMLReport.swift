import Foundation

/// A self-contained HTML page: tables as in the Markdown report plus inline SVG charts
/// (per-subset bars across models, Recall@K curves, HierarCaps radius-by-level boxes) and
/// example chains with thumbnails embedded as data URIs.
enum HTMLReport {
    /// Largest image file embedded as a thumbnail.
    static let maxThumbnailBytes = 400_000

    static func render(_ results: [EvalResult], comparisons: [Comparison], title: String) -> String
    {
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(SVGChart.escape(title))</title>
            <style>
            body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
            table{border-collapse:collapse;margin:.6em 0}
            td,th{border:1px solid #ccc;padding:3px 8px}
            td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}
            .chain{display:flex;gap:1em;align-items:flex-start;margin:.8em 0}
            .chain img{width:128px;height:128px;object-fit:cover;border:1px solid #ccc}
            .ok{color:#1a7f37}.bad{color:#c62828}.notes{color:#555}
            </style></head><body>
            <h1>\(SVGChart.escape(title))</h1>

            """
        for (suite, group) in ReportFormatting.bySuite(results) {
            let labels = ReportFormatting.labels(group)
            out += "<h2>\(SVGChart.escape(suite))</h2>\n" + summaryTable(group, labels)
            for (section, specs) in ReportFormatting.sections(group) {
                out += "<h3>\(SVGChart.escape(section))</h3>\n" + metricTable(group, labels, specs)
            }
            out += charts(group, labels)
            let notes = group.flatMap(\.notes)
            if !notes.isEmpty {
                out +=
                    "<ul class=\"notes\">"
                    + notes.map { "<li>\(SVGChart.escape($0))</li>" }.joined() + "</ul>\n"
            }
        }
        for comparison in comparisons { out += comparisonTable(comparison) }
        return out + "</body></html>\n"
    }

    private static func summaryTable(_ group: [EvalResult], _ labels: [String]) -> String {
        var out =
            "<table><tr><th>model</th><th>evaluated</th><th>skipped</th>"
            + "<th>skip reasons</th></tr>"
        for (label, result) in zip(labels, group) {
            out +=
                "<tr><td>\(SVGChart.escape(label))</td>"
                + "<td class=\"n\">\(result.evaluated)</td><td class=\"n\">\(result.skipped)</td>"
                + "<td>\(SVGChart.escape(ReportFormatting.skips(result.skipReasons)))</td></tr>"
        }
        return out + "</table>\n"
    }

    private static func metricTable(
        _ group: [EvalResult], _ labels: [String], _ specs: [MetricSpec]
    ) -> String {
        var out =
            "<table><tr><th>metric</th>"
            + labels.map { "<th>\(SVGChart.escape($0))</th>" }.joined()
            + "</tr>"
        for spec in specs {
            out += "<tr><td>\(SVGChart.escape(spec.name + ReportFormatting.unit(spec.kind)))</td>"
            out += group.map {
                let value = ReportFormatting.value($0.metrics[spec.name], kind: spec.kind)
                return "<td class=\"n\">\(value)</td>"
            }.joined()
            out += "</tr>"
        }
        return out + "</table>\n"
    }

    private static func charts(_ group: [EvalResult], _ labels: [String]) -> String {
        var out = ""
        let bars = ReportFormatting.sections(group).filter { $0.title != "Folds" }
            .flatMap(\.specs).filter { $0.kind == .fraction }
        if !bars.isEmpty {
            out +=
                SVGChart.bars(
                    title: "\(group[0].suite): accuracy / recall by metric",
                    categories: bars.map(\.name),
                    series: zip(labels, group).map { label, result in
                        (label, bars.map { result.metrics[$0.name] })
                    },
                    yMax: 1, percent: true) + "\n"
        }
        if group.contains(where: {
            $0.cases.contains { $0.group.hasSuffix("i2t") && $0.values["rank"] != nil }
        }) {
            out += recallCurves(group, labels) + "\n"
        }
        if group.contains(where: { $0.cases.contains { $0.values["radius_1"] != nil } }) {
            out += radiusBoxes(group, labels) + "\n"
        }
        for (label, result) in zip(labels, group) where !result.extras.chains.isEmpty {
            out += "<h3>Example chains (\(SVGChart.escape(label)))</h3>"
            out += result.extras.chains.map(chainBlock).joined() + "\n"
        }
        return out
    }

    private static func recallCurves(_ group: [EvalResult], _ labels: [String]) -> String {
        let xMax = 50
        var series: [(name: String, points: [(Double, Double)], dashed: Bool, color: Int)] = []
        for (m, result) in group.enumerated() {
            for direction in ["i2t", "t2i"] {
                let ranks = result.cases.filter { $0.group.hasSuffix(direction) }
                    .compactMap { $0.values["rank"] }
                guard !ranks.isEmpty else { continue }
                let points = (1 ... xMax).map { k in
                    (
                        Double(k),
                        Double(ranks.filter { $0 <= Double(k) }.count) / Double(ranks.count)
                    )
                }
                series.append(
                    (
                        "\(labels[m]) \(direction)", points,
                        direction == "t2i", m
                    ))
            }
        }
        return SVGChart.lines(
            title: "Recall@K (solid: image→text, dashed: text→image)", xLabel: "K",
            xMax: Double(xMax), series: series)
    }

    private static func radiusBoxes(_ group: [EvalResult], _ labels: [String]) -> String {
        let levels = (1 ... HierarCapsData.levelCount).map { "level \($0)" }
        let series = zip(labels, group).map { label, result in
            (
                label,
                (1 ... HierarCapsData.levelCount).map { level in
                    result.cases.compactMap { $0.values["radius_\(level)"] }
                }
            )
        }
        return SVGChart.boxes(
            title: "HierarCaps: radius ‖e − root‖ by chain level (generic → specific)",
            groups: levels, series: series)
    }

    private static func chainBlock(_ example: ChainExample) -> String {
        var out = "<div class=\"chain\">"
        if let uri = dataURI(example.image) {
            let name = SVGChart.escape(URL(fileURLWithPath: example.image).lastPathComponent)
            out += "<img src=\"\(uri)\" alt=\"\(name)\">"
        }
        out += "<div><b>retrieved:</b><ol>"
        for (text, ok) in zip(example.predicted, example.predictedCorrect) {
            out += "<li class=\"\(ok ? "ok" : "bad")\">\(SVGChart.escape(text))</li>"
        }
        out += "</ol><b>ground truth:</b>"
        for chain in example.truth {
            out += "<div>" + chain.map(SVGChart.escape).joined(separator: " ⇒ ") + "</div>"
        }
        return out + "</div></div>"
    }

    /// The image as a `data:` URI, or `nil` if missing, too large or not JPEG/PNG.
    static func dataURI(_ path: String) -> String? {
        let ext = (path as NSString).pathExtension.lowercased()
        let mime = ["jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"][ext]
        guard let mime,
            let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? NSNumber, size.intValue <= maxThumbnailBytes,
            let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return "data:\(mime);base64,\(data.base64EncodedString())"
    }

    private static func comparisonTable(_ comparison: Comparison) -> String {
        let a = ReportFormatting.model(comparison.modelA)
        let b = ReportFormatting.model(comparison.modelB)
        var out =
            "<h2>\(SVGChart.escape(comparison.suite)): \(SVGChart.escape(a)) (A) vs "
            + "\(SVGChart.escape(b)) (B)</h2><p>Paired cases: \(comparison.pairedCases); "
            + "\(comparison.resamples) bootstrap resamples, seed \(comparison.seed).</p>"
            + "<table><tr><th>metric</th><th>A</th><th>B</th><th>B − A</th>"
            + "<th>\(Int((comparison.confidence * 100).rounded()))% CI</th></tr>"
        for row in comparison.rows {
            let interval =
                row.lower.flatMap { low in
                    row.upper.map {
                        "[\(ReportFormatting.difference(low, kind: row.kind)), "
                            + "\(ReportFormatting.difference($0, kind: row.kind))]"
                    }
                } ?? "–"
            out +=
                "<tr><td>\(SVGChart.escape(row.metric + ReportFormatting.unit(row.kind)))</td>"
                + "<td class=\"n\">\(ReportFormatting.value(row.a, kind: row.kind))</td>"
                + "<td class=\"n\">\(ReportFormatting.value(row.b, kind: row.kind))</td>"
                + "<td class=\"n\">"
                + "\(ReportFormatting.difference(row.difference, kind: row.kind))</td>"
                + "<td>\(interval)</td></tr>"
        }
        return out + "</table>\n"
    }
}
