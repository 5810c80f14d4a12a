import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Prints indexing progress: a redrawn bar (files/s, ETA, failures) on a terminal, plain log
/// lines at most every few seconds otherwise. Failures are always printed on their own line.
public final class TerminalProgressReporter: IndexProgressReporter {
    /// Output style.
    public enum Style: Sendable {
        /// One line redrawn in place with `\r` (terminals).
        case bar
        /// Append-only log lines (pipes, files, CI logs).
        case lines
    }

    /// The chosen style.
    public let style: Style
    private let descriptor: Int32
    private let barWidth: Int
    private let interval: Double
    private let clock: () -> Double
    private var lastDraw = -Double.infinity
    private var current: IndexProgress?

    /// - Parameters:
    ///   - fileDescriptor: where to write (default standard output).
    ///   - style: nil picks `.bar` when the descriptor is a terminal, else `.lines`.
    ///   - barWidth: cells of the bar.
    ///   - interval: minimum seconds between redraws (default 0.1 for the bar, 5 for lines).
    ///   - clock: monotonic seconds (injectable for tests).
    public init(
        fileDescriptor: Int32 = STDOUT_FILENO, style: Style? = nil, barWidth: Int = 30,
        interval: Double? = nil, clock: @escaping () -> Double = TerminalProgressReporter.now
    ) {
        descriptor = fileDescriptor
        self.style = style ?? (isatty(fileDescriptor) == 1 ? .bar : .lines)
        self.barWidth = barWidth
        self.interval = interval ?? (self.style == .bar ? 0.1 : 5)
        self.clock = clock
    }

    /// Monotonic seconds.
    public static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    public func indexingStarted(_ plan: IndexPlanSummary) {
        write(ProgressFormat.planLine(plan) + "\n")
    }

    public func indexingProgressed(_ progress: IndexProgress) {
        current = progress
        let t = clock()
        guard t - lastDraw >= interval || progress.done == progress.total else { return }
        lastDraw = t
        switch style {
        case .bar: write("\r\u{1B}[2K" + ProgressFormat.barLine(progress, barWidth: barWidth))
        case .lines: write(ProgressFormat.logLine(progress) + "\n")
        }
    }

    public func fileFailed(path: String, error: String) {
        let line = "failed: \(path): \(error)\n"
        switch style {
        case .bar:
            write("\r\u{1B}[2K" + line)
            if let current { write(ProgressFormat.barLine(current, barWidth: barWidth)) }
        case .lines:
            write(line)
        }
    }

    public func indexingFinished(_ summary: IndexSummary) {
        if style == .bar && current != nil { write("\n") }
        write(ProgressFormat.summaryLine(summary) + "\n")
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }
}
