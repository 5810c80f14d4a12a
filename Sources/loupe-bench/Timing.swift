import Foundation

/// Median seconds per call of `body`, after a warm-up, over at least `minimumSeconds` of runs.
func measure(minimumSeconds: Double = 0.5, minimumRuns: Int = 5, _ body: () -> Void) -> Double {
    body()
    var samples: [Double] = []
    let start = DispatchTime.now().uptimeNanoseconds
    while samples.count < minimumRuns
        || Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 < minimumSeconds {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
    samples.sort()
    return samples[samples.count / 2]
}

/// Prints a table with aligned columns.
func printTable(_ title: String, _ header: [String], _ rows: [[String]]) {
    print("\n## \(title)")
    let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
        "| " + cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
            .joined(separator: " | ") + " |"
    }
    print(line(header))
    print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
    for r in rows { print(line(r)) }
}

func fmt(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }
