import Foundation

/// Text of the progress bar and log lines (pure functions, so they can be tested).
public enum ProgressFormat {
    /// `"42s"`, `"3m05s"`, `"2h07m"`.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return String(format: "%dm%02ds", total / 60, total % 60) }
        return String(format: "%dh%02dm", total / 3600, (total % 3600) / 60)
    }

    /// `"[#####-----]"` with `width` cells between the brackets.
    public static func bar(fraction: Double, width: Int) -> String {
        let clamped = min(1, max(0, fraction.isFinite ? fraction : 0))
        let filled = Int((clamped * Double(width)).rounded(.down))
        return "[" + String(repeating: "#", count: filled)
            + String(repeating: "-", count: width - filled) + "]"
    }

    /// Rate, ETA and failures: `"12.3 files/s, ETA 47s, 2 failed"`.
    public static func stats(_ progress: IndexProgress) -> String {
        var parts = [String(format: "%.1f files/s", progress.filesPerSecond)]
        if progress.done < progress.total {
            parts.append("ETA " + (progress.eta.map(duration) ?? "?"))
        }
        if progress.failed > 0 { parts.append("\(progress.failed) failed") }
        return parts.joined(separator: ", ")
    }

    /// The terminal bar: `"[####----] 412/1000 files  12.3 files/s, ETA 47s"`.
    public static func barLine(_ progress: IndexProgress, barWidth: Int) -> String {
        let fraction = progress.total > 0 ? Double(progress.done) / Double(progress.total) : 1
        return bar(fraction: fraction, width: barWidth)
            + " \(progress.done)/\(progress.total) files  " + stats(progress)
    }

    /// A log line: `"indexed 412/1000 files (41%), 12.3 files/s, ETA 47s"`.
    public static func logLine(_ progress: IndexProgress) -> String {
        let percent = progress.total > 0 ? 100 * progress.done / progress.total : 100
        return "indexed \(progress.done)/\(progress.total) files (\(percent)%), " + stats(progress)
    }

    /// What the run is about to do.
    public static func planLine(_ plan: IndexPlanSummary) -> String {
        var parts = ["\(plan.unchangedFiles) unchanged"]
        if plan.vanishedFiles > 0 { parts.append("\(plan.vanishedFiles) gone") }
        if plan.skippedUnsupported > 0 {
            parts.append("\(plan.skippedUnsupported) unsupported skipped")
        }
        return "indexing: \(plan.scannedFiles) files found, \(plan.filesToProcess) to read ("
            + parts.joined(separator: ", ") + ")"
    }

    /// The closing summary.
    public static func summaryLine(_ s: IndexSummary) -> String {
        var parts = ["\(s.embeddedFiles) embedded (\(s.embeddedItems) vectors)"]
        if s.reusedFiles > 0 { parts.append("\(s.reusedFiles) duplicates reused") }
        if s.renamedFiles > 0 { parts.append("\(s.renamedFiles) renamed") }
        if s.touchedFiles > 0 { parts.append("\(s.touchedFiles) touched") }
        parts.append("\(s.unchangedFiles) unchanged")
        if s.deletedFiles > 0 { parts.append("\(s.deletedFiles) removed") }
        if s.failedFiles > 0 { parts.append("\(s.failedFiles) failed (see `loupe status`)") }
        if !s.unreadableDirectories.isEmpty {
            parts.append("\(s.unreadableDirectories.count) unreadable directories")
        }
        return "done in \(duration(s.seconds)): " + parts.joined(separator: ", ")
    }
}
