import Foundation
import Testing

@testable import Library

@Suite("Progress output")
struct ProgressFormatTests {
    @Test func durations() {
        #expect(ProgressFormat.duration(0) == "0s")
        #expect(ProgressFormat.duration(59.4) == "59s")
        #expect(ProgressFormat.duration(185) == "3m05s")
        #expect(ProgressFormat.duration(7620) == "2h07m")
        #expect(ProgressFormat.duration(.nan) == "?")
    }

    @Test func barAndRates() {
        #expect(ProgressFormat.bar(fraction: 0.5, width: 10) == "[#####-----]")
        #expect(ProgressFormat.bar(fraction: 2, width: 4) == "[####]")
        let p = IndexProgress(total: 100, done: 25, failed: 2, embeddedItems: 30, elapsed: 10)
        #expect(p.filesPerSecond == 2.5)
        #expect(p.eta == 30)
        #expect(
            ProgressFormat.barLine(p, barWidth: 8)
                == "[##------] 25/100 files  2.5 files/s, ETA 30s, 2 failed")
        #expect(
            ProgressFormat.logLine(p)
                == "indexed 25/100 files (25%), 2.5 files/s, ETA 30s, 2 failed")
        let done = IndexProgress(total: 4, done: 4, failed: 0, embeddedItems: 4, elapsed: 2)
        #expect(ProgressFormat.logLine(done) == "indexed 4/4 files (100%), 2.0 files/s")
    }

    /// The reporter throttles redraws, prints failures on their own line, and ends with the
    /// summary; output goes to a pipe so the plain-lines style is chosen automatically.
    @Test func reporterWritesLinesToAPipe() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        var now = 0.0
        let reporter = TerminalProgressReporter(fileDescriptor: fds[1], clock: { now })
        #expect(reporter.style == .lines)
        reporter.indexingStarted(
            IndexPlanSummary(
                scannedFiles: 10, unchangedFiles: 6, filesToProcess: 4,
                vanishedFiles: 1, skippedUnsupported: 2))
        reporter.indexingProgressed(
            IndexProgress(total: 4, done: 1, failed: 0, embeddedItems: 1, elapsed: 1))
        now = 1  // within the 5 s interval: not printed
        reporter.indexingProgressed(
            IndexProgress(total: 4, done: 2, failed: 0, embeddedItems: 2, elapsed: 2))
        reporter.fileFailed(path: "/x/bad.jpg", error: "corrupt")
        reporter.indexingProgressed(
            IndexProgress(total: 4, done: 4, failed: 1, embeddedItems: 3, elapsed: 4))
        var summary = IndexSummary()
        summary.embeddedFiles = 3
        summary.embeddedItems = 3
        summary.failedFiles = 1
        summary.unchangedFiles = 6
        summary.seconds = 4
        reporter.indexingFinished(summary)
        close(fds[1])
        let output = String(
            decoding: FileHandle(fileDescriptor: fds[0]).readDataToEndOfFile(), as: UTF8.self)
        close(fds[0])
        #expect(
            output.split(separator: "\n") == [
                "indexing: 10 files found, 4 to read (6 unchanged, 1 gone, 2 unsupported skipped)",
                "indexed 1/4 files (25%), 1.0 files/s, ETA 3s",
                "failed: /x/bad.jpg: corrupt",
                "indexed 4/4 files (100%), 1.0 files/s, 1 failed",
                "done in 4s: 3 embedded (3 vectors), 6 unchanged, 1 failed (see `loupe status`)",
            ])
    }
}
