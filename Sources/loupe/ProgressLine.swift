import Foundation

/// A one-line progress bar on a terminal (items/s, ETA); occasional plain lines otherwise.
final class ProgressLine: @unchecked Sendable {
    let label: String
    let total: Int
    let started = Date()
    private let lock = NSLock()
    private var lastPrint = Date.distantPast
    private var lastPlainPercent = -1
    private let isTerminal = isatty(STDERR_FILENO) != 0

    init(label: String, total: Int) {
        self.label = label
        self.total = total
    }

    func update(_ done: Int, extra: String = "") {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        if isTerminal {
            guard now.timeIntervalSince(lastPrint) > 0.1 || done == total else { return }
            lastPrint = now
            let width = 28
            let filled = total > 0 ? min(width, width * done / total) : 0
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let line = String(format: "\r%@ %@ %d/%d  %.1f/s  ETA %@ %@", label, bar, done, total, rate,
                              Self.duration(eta), extra)
            FileHandle.standardError.write(Data(line.utf8))
        } else {
            let percent = total > 0 ? 100 * done / total : 100
            guard percent / 10 != lastPlainPercent / 10 || done == total else { return }
            lastPlainPercent = percent
            FileHandle.standardError.write(Data("\(label): \(done)/\(total) (\(percent)%) \(extra)\n".utf8))
        }
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
