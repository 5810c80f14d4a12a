// library-bench: search latency and peak memory of the vector store and the library.
// Usage: library-bench [--rows 100000,1000000] [--dim 512] [--dir DIR] [--library-files N]
import Foundation
import VectorIndex

var rowCounts = [100_000, 1_000_000]
var libraryFiles = 100_000
var dimension = 512
var directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("loupe-bench")
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--rows": rowCounts = (arguments.next() ?? "").split(separator: ",").compactMap { Int($0) }
    case "--dim": dimension = Int(arguments.next() ?? "") ?? dimension
    case "--dir": directory = URL(fileURLWithPath: arguments.next() ?? directory.path)
    case "--library-files": libraryFiles = Int(arguments.next() ?? "") ?? libraryFiles
    default: fatalError("unknown argument \(argument)")
    }
}
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
let cores = ProcessInfo.processInfo.activeProcessorCount
print("library-bench: dim \(dimension), \(cores) cores, store files under \(directory.path)")

func ms(_ seconds: Double) -> String { String(format: "%8.2f ms", seconds * 1000) }

for rows in rowCounts {
    for dtype in VectorDType.allCases {
        Measure.resetPeak()
        let (store, buildSeconds) = try StoreBench.build(
            rows: rows, dimension: dimension, dtype: dtype, directory: directory)
        let fileMiB = Double(try store.fileSize()) / 1_048_576
        let built = String(format: "%.1f", buildSeconds)
        print(
            "\n## \(rows) rows × \(dimension), \(dtype): file "
                + "\(String(format: "%.0f", fileMiB)) MiB, built in \(built) s")
        Measure.resetPeak()
        let chunk = max(64, (1 << 20) / dimension)
        let tunings: [(String, VectorStore.SearchTuning?)] = [
            ("fused kernel, \(cores) partitions (default)", nil),
            ("fused kernel, 1 partition", .init(partitions: 1, chunkRows: chunk)),
            (
                "BLAS sgemv, chunk \(chunk)",
                .init(
                    partitions: 1, chunkRows: chunk,
                    fusedSingleQuery: false)
            ),
            (
                "BLAS sgemv, chunk \(chunk * 8)",
                .init(
                    partitions: 1, chunkRows: chunk * 8,
                    fusedSingleQuery: false)
            ),
        ]
        for row in StoreBench.run(store: store, tunings: tunings) {
            print(
                "| \(row.label.padding(toLength: 44, withPad: " ", startingAt: 0)) | median"
                    + " \(ms(row.median)) | p95 \(ms(row.p95)) |")
        }
        let anon = Measure.statusMiB("RssAnon") ?? .nan
        print("anonymous (heap) RSS after search: " + String(format: "%.0f MiB", anon))
        let hwm = Measure.statusMiB("VmHWM") ?? .nan
        print(
            "peak RSS during search (VmHWM, includes mapped file pages): "
                + String(format: "%.0f MiB", hwm))
        if rows <= 100_000 {
            let check = StoreBench.check(store: store)
            print(
                "check vs Float64 naive scan: same top-10 slots \(check.sameSlots), max |Δscore| "
                    + String(format: "%.2e", check.maxError))
        }
        try? FileManager.default.removeItem(at: store.url)
    }
}

if libraryFiles > 0 {
    try LibraryBench.run(files: libraryFiles, dimension: dimension, directory: directory)
}
