// library-crash-helper: indexes a folder with a slow fake embedder, printing one line per
// committed batch, so crash-safety tests can SIGKILL it at chosen moments.
//
// Usage: library-crash-helper --library DIR --root DIR [--delay SECONDS] [--batch N]
//                             [--dtype f16|f32] [--kill-at pending:N|vectors:N|batch:N|deletions]
import Foundation
import Library
import LibraryTestSupport
import VectorIndex

#if canImport(Glibc)
    import Glibc
#endif

/// Prints `committed <done>` after each batch, flushed, for the parent to follow.
final class LineReporter: IndexProgressReporter {
    func indexingProgressed(_ progress: IndexProgress) {
        FileHandle.standardOutput.write(Data("committed \(progress.done)\n".utf8))
    }
}

var libraryPath: String?
var rootPath: String?
var delay = 0.0
var options = IndexOptions()
var killAt: IndexCheckpoint?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    let value = arguments.next() ?? ""
    switch argument {
    case "--library": libraryPath = value
    case "--root": rootPath = value
    case "--delay": delay = Double(value) ?? 0
    case "--batch": options.batchSize = Int(value) ?? options.batchSize
    case "--dtype": options.dtype = VectorDType(name: value)
    case "--kill-at":
        let parts = value.split(separator: ":")
        let n = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
        switch parts.first {
        case "pending": killAt = .catalogPending(batch: n)
        case "vectors": killAt = .vectorsCommitted(batch: n)
        case "batch": killAt = .batchCommitted(batch: n)
        case "deletions": killAt = .deletionsCommitted
        default: break
        }
    default:
        FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
        exit(2)
    }
}
guard let libraryPath, let rootPath else {
    FileHandle.standardError.write(Data("usage: --library DIR --root DIR\n".utf8))
    exit(2)
}
do {
    let library = try Library(directory: URL(fileURLWithPath: libraryPath), mode: .readWrite)
    let indexer = Indexer(
        library: library, embedder: FakeEmbedder(delayPerItem: delay), options: options,
        progress: LineReporter())
    if let killAt {
        indexer.checkpoint = { point in
            if point == killAt { kill(getpid(), SIGKILL) }
        }
    }
    try indexer.run(roots: [URL(fileURLWithPath: rootPath)])
    FileHandle.standardOutput.write(Data("done\n".utf8))
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
