import Foundation
import Hashing
import Library

/// A deterministic stand-in for a CLIP model, for tests and the crash helper.
///
/// - Text: a bag-of-words vector (each lower-cased word hashed to a signed coordinate), so a
///   query sharing words with a passage scores high against it.
/// - Image files: if the file starts with `FAKEIMG `, the rest of its first line is a caption
///   embedded like text (so text queries can find images); if it starts with `CORRUPT`, the
///   file fails; otherwise a pseudo-random vector seeded by the SHA-256 of the bytes. Identical
///   files always give identical vectors.
/// - Tokens: one per word plus 2 (start and end tokens).
public struct FakeEmbedder: ItemEmbedder {
    public let fingerprint: String
    public let dimension: Int
    public let textContextTokens: Int
    /// Seconds slept per embedded item (crash tests use it to widen kill windows).
    public let delayPerItem: Double
    /// Counts calls and items (shared across copies of this value).
    public let log: EmbedLog

    public init(
        fingerprint: String = "fake-bow-v1", dimension: Int = 256, textContextTokens: Int = 16,
        delayPerItem: Double = 0, log: EmbedLog = EmbedLog()
    ) {
        self.fingerprint = fingerprint
        self.dimension = dimension
        self.textContextTokens = textContextTokens
        self.delayPerItem = delayPerItem
        self.log = log
    }

    public func countTokens(_ text: String) -> Int { Self.words(text).count + 2 }

    public func embedImages(_ files: [URL]) throws -> [Result<[Float], any Error>] {
        log.record(images: files.map(\.lastPathComponent))
        pause(files.count)
        return files.map { file in
            do {
                let data = try Data(contentsOf: file)
                if data.starts(with: Array("CORRUPT".utf8)) {
                    throw FakeEmbedderError.corrupt(file.lastPathComponent)
                }
                let prefix = Array("FAKEIMG ".utf8)
                if data.starts(with: prefix) {
                    let caption =
                        String(decoding: data.dropFirst(prefix.count), as: UTF8.self)
                        .split(separator: "\n").first.map(String.init) ?? ""
                    return .success(bagOfWords(caption))
                }
                return .success(randomVector(seed: SHA256.hex(data)))
            } catch {
                return .failure(error)
            }
        }
    }

    public func embedTexts(_ texts: [String]) throws -> [[Float]] {
        log.record(texts: texts)
        pause(texts.count)
        return texts.map(bagOfWords)
    }

    /// The vector `embedTexts` gives `text`.
    public func bagOfWords(_ text: String) -> [Float] {
        var v = [Float](repeating: 0, count: dimension)
        for word in Self.words(text) {
            let h = fnv(word)
            v[Int(h % UInt64(dimension))] += (h >> 32) & 1 == 0 ? 1 : -1
            v[Int((h >> 16) % UInt64(dimension))] += 0.5
        }
        if v.allSatisfy({ $0 == 0 }) { v[0] = 1 }
        return v
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    private func randomVector(seed: String) -> [Float] {
        var state = fnv(seed) | 1
        return (0 ..< dimension).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
        }
    }

    private func fnv(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    private func pause(_ items: Int) {
        if delayPerItem > 0 { Thread.sleep(forTimeInterval: delayPerItem * Double(items)) }
    }
}

/// Failures the fake model reports.
public enum FakeEmbedderError: Error, CustomStringConvertible {
    case corrupt(String)

    public var description: String {
        switch self {
        case .corrupt(let name): return "cannot decode \(name): corrupt image data"
        }
    }
}

/// Thread-safe record of what a ``FakeEmbedder`` was asked to embed.
public final class EmbedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var imageNames: [String] = []
    private var textItems: [String] = []
    private var calls = 0

    public init() {}

    func record(images: [String]) {
        lock.lock()
        imageNames += images
        calls += 1
        lock.unlock()
    }

    func record(texts: [String]) {
        lock.lock()
        textItems += texts
        calls += 1
        lock.unlock()
    }

    /// File names of every image embedded (with repeats), in order.
    public var images: [String] {
        lock.lock()
        defer { lock.unlock() }
        return imageNames
    }

    /// Every text passage embedded (with repeats), in order.
    public var texts: [String] {
        lock.lock()
        defer { lock.unlock() }
        return textItems
    }

    /// Number of embed calls.
    public var callCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return calls
    }

    /// Forgets everything recorded.
    public func reset() {
        lock.lock()
        imageNames = []
        textItems = []
        calls = 0
        lock.unlock()
    }
}
