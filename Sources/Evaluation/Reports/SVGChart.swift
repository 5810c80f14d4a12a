import Foundation

/// Small inline-SVG charts for the HTML report (no scripts, no external resources).
enum SVGChart {
    static let palette = [
        "#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7",
        "#a463f2", "#97bbf5",
    ]
    static let width = 760.0
    static let height = 300.0
    static let left = 56.0, right = 16.0, top = 28.0, bottom = 70.0

    /// Grouped bars: one group per category, one bar per series; values in `[0, yMax]`.
    static func bars(
        title: String, categories: [String], series: [(name: String, values: [Double?])],
        yMax: Double, percent: Bool
    ) -> String {
        var body = frame(title: title, yMax: yMax, percent: percent)
        let plotWidth = width - left - right
        let groupWidth = plotWidth / Double(max(categories.count, 1))
        let barWidth = groupWidth * 0.8 / Double(max(series.count, 1))
        for (c, category) in categories.enumerated() {
            let x0 = left + Double(c) * groupWidth + groupWidth * 0.1
            for (s, entry) in series.enumerated() {
                guard let value = entry.values[c], value.isFinite else { continue }
                let h = y(0, yMax) - y(min(max(value, 0), yMax), yMax)
                let shown =
                    percent
                    ? String(format: "%.1f%%", 100 * value)
                    : String(format: "%.3f", value)
                body +=
                    "<rect x=\"\(f(x0 + Double(s) * barWidth))\" y=\"\(f(y(0, yMax) - h))\" "
                    + "width=\"\(f(barWidth * 0.92))\" height=\"\(f(h))\" "
                    + "fill=\"\(palette[s % palette.count])\"><title>\(escape(entry.name)) · "
                    + "\(escape(category)): \(shown)</title></rect>"
            }
            let cx = x0 + groupWidth * 0.4
            body +=
                "<text x=\"\(f(cx))\" y=\"\(f(height - bottom + 14))\" font-size=\"10\" "
                + "text-anchor=\"end\" "
                + "transform=\"rotate(-35 \(f(cx)) \(f(height - bottom + 14)))\">"
                + "\(escape(category))</text>"
        }
        return wrap(body + legend(series.map(\.name)))
    }

    /// Lines through `(x, y)` points; `x` spans `1…xMax`, `y` spans `[0, 1]`.
    static func lines(
        title: String, xLabel: String, xMax: Double,
        series: [(name: String, points: [(Double, Double)], dashed: Bool, color: Int)]
    ) -> String {
        var body = frame(title: title, yMax: 1, percent: true)
        let plotWidth = width - left - right
        func x(_ value: Double) -> Double {
            left + plotWidth * (value - 1) / max(xMax - 1, 1)
        }
        for tick in stride(from: 1.0, through: xMax, by: max(1, (xMax / 10).rounded())) {
            body +=
                "<text x=\"\(f(x(tick)))\" y=\"\(f(height - bottom + 14))\" font-size=\"10\" "
                + "text-anchor=\"middle\">\(Int(tick))</text>"
        }
        body +=
            "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - bottom + 32))\" "
            + "font-size=\"11\" text-anchor=\"middle\">\(escape(xLabel))</text>"
        for entry in series {
            let path = entry.points.map { "\(f(x($0.0))),\(f(y($0.1, 1)))" }
                .joined(separator: " ")
            body +=
                "<polyline fill=\"none\" stroke=\"\(palette[entry.color % palette.count])\" "
                + "stroke-width=\"2\"\(entry.dashed ? " stroke-dasharray=\"5 3\"" : "") "
                + "points=\"\(path)\"><title>\(escape(entry.name))</title></polyline>"
        }
        return wrap(
            body
                + legend(
                    series.map(\.name), dashed: series.map(\.dashed),
                    colors: series.map(\.color)))
    }

    /// Box plots (min, quartiles, median, max) of `series[s].groups[g]` per group.
    static func boxes(
        title: String, groups: [String], series: [(name: String, samples: [[Double]])]
    ) -> String {
        let all = series.flatMap { $0.samples.joined() }.filter(\.isFinite)
        let yMax = ((all.max() ?? 1) * 1.1 * 10).rounded(.up) / 10
        var body = frame(title: title, yMax: yMax, percent: false)
        let plotWidth = width - left - right
        let groupWidth = plotWidth / Double(max(groups.count, 1))
        let boxWidth = groupWidth * 0.7 / Double(max(series.count, 1))
        for (g, group) in groups.enumerated() {
            let x0 = left + Double(g) * groupWidth + groupWidth * 0.15
            for (s, entry) in series.enumerated() {
                let values = entry.samples[g].filter(\.isFinite).sorted()
                guard !values.isEmpty else { continue }
                let q = [0, 0.25, 0.5, 0.75, 1].map { PairedBootstrap.quantile(values, $0) }
                let bx = x0 + Double(s) * boxWidth
                let mid = bx + boxWidth * 0.45
                let color = palette[s % palette.count]
                body +=
                    "<line x1=\"\(f(mid))\" x2=\"\(f(mid))\" y1=\"\(f(y(q[0], yMax)))\" "
                    + "y2=\"\(f(y(q[4], yMax)))\" stroke=\"\(color)\"/>"
                body +=
                    "<rect x=\"\(f(bx))\" y=\"\(f(y(q[3], yMax)))\" width=\"\(f(boxWidth * 0.9))\" "
                    + "height=\"\(f(max(y(q[1], yMax) - y(q[3], yMax), 1)))\" fill=\"\(color)\" "
                    + "fill-opacity=\"0.35\" stroke=\"\(color)\"><title>\(escape(entry.name)) · "
                    + "\(escape(group)): median \(String(format: "%.3f", q[2]))</title></rect>"
                body +=
                    "<line x1=\"\(f(bx))\" x2=\"\(f(bx + boxWidth * 0.9))\" "
                    + "y1=\"\(f(y(q[2], yMax)))\" y2=\"\(f(y(q[2], yMax)))\" stroke=\"\(color)\" "
                    + "stroke-width=\"2\"/>"
            }
            body +=
                "<text x=\"\(f(x0 + groupWidth * 0.35))\" y=\"\(f(height - bottom + 14))\" "
                + "font-size=\"11\" text-anchor=\"middle\">\(escape(group))</text>"
        }
        return wrap(body + legend(series.map(\.name)))
    }

    // MARK: - Pieces

    private static func y(_ value: Double, _ yMax: Double) -> Double {
        top + (height - top - bottom) * (1 - value / max(yMax, 1e-12))
    }

    private static func frame(title: String, yMax: Double, percent: Bool) -> String {
        var out =
            "<text x=\"\(f(left))\" y=\"18\" font-size=\"13\" font-weight=\"bold\">"
            + "\(escape(title))</text>"
        for k in 0 ... 4 {
            let value = yMax * Double(k) / 4
            let label =
                percent ? String(format: "%.0f%%", 100 * value) : String(format: "%.2f", value)
            out +=
                "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(y(value, yMax)))\" "
                + "y2=\"\(f(y(value, yMax)))\" stroke=\"#ddd\"/>"
                + "<text x=\"\(f(left - 6))\" y=\"\(f(y(value, yMax) + 3))\" font-size=\"10\" "
                + "text-anchor=\"end\">\(label)</text>"
        }
        return out
    }

    private static func legend(
        _ names: [String], dashed: [Bool]? = nil, colors: [Int]? = nil
    ) -> String {
        var out = ""
        var x = left
        for (i, name) in names.enumerated() {
            let color = palette[(colors?[i] ?? i) % palette.count]
            let dash = dashed?[i] == true ? " stroke-dasharray=\"5 3\"" : ""
            out +=
                "<line x1=\"\(f(x))\" x2=\"\(f(x + 18))\" y1=\"\(f(height - 10))\" "
                + "y2=\"\(f(height - 10))\" stroke=\"\(color)\" stroke-width=\"4\"\(dash)/>"
                + "<text x=\"\(f(x + 22))\" y=\"\(f(height - 6))\" font-size=\"11\">"
                + "\(escape(name))</text>"
            x += 30 + Double(name.count) * 6.5
        }
        return out
    }

    private static func wrap(_ body: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" "
            + "width=\"\(f(width))\" height=\"\(f(height))\" font-family=\"sans-serif\">"
            + body + "</svg>"
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Escapes text for HTML and SVG.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
            of: "<", with: "&lt;"
        )
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
