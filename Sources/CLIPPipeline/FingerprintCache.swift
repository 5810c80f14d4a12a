import CLIPModels
import Foundation

/// Remembers model fingerprints by the weight files' path, size and modification time, so the
/// weights (hundreds of MB) are hashed once, not on every command.
final class FingerprintCache: @unchecked Sendable {
    static let shared = FingerprintCache()
    private let lock = NSLock()

    var file: URL {
        let root = ProcessInfo.processInfo.environment["LOUPE_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/loupe")
        return root.appendingPathComponent("fingerprints.json")
    }

    func fingerprint(weightFiles: [URL], configuration: CLIPConfiguration, extra: [String: String]) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        let stamp = weightFiles.map { url -> String in
            let a = try? FileManager.default.attributesOfItem(atPath: url.path)
            let size = (a?[.size] as? Int) ?? -1
            let mtime = (a?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(url.standardizedFileURL.path)|\(size)|\(mtime)"
        }.joined(separator: ";")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let key = stamp + "|" + String(decoding: try encoder.encode(configuration), as: UTF8.self)
            + "|" + extra.keys.sorted().map { "\($0)=\(extra[$0]!)" }.joined(separator: ";")
        var table = (try? JSONSerialization.jsonObject(with: Data(contentsOf: file))) as? [String: String] ?? [:]
        if let known = table[key] { return known }
        let value = try ModelFingerprint.compute(weightFiles: weightFiles, configuration: configuration, extra: extra)
        table[key] = value
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let data = try? JSONSerialization.data(withJSONObject: table, options: .sortedKeys) {
            try? data.write(to: file, options: .atomic)
        }
        return value
    }
}
