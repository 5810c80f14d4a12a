import Dispatch
import Foundation

extension NegativeGenerator {
    /// Every negative name the generator knows: CE-CLIP's four types, then ARO's four order
    /// perturbations (`shuffle_nouns_and_adj`, …).
    public static let typeNames: [String] =
        NegativeType.allCases.map(\.rawValue) + OrderPerturbation.allCases.map(\.rawValue)

    /// The negative called `name` (one of ``typeNames``) of `caption`, or `nil` when none exists
    /// or the name is unknown.
    public func negative(named name: String, of caption: String) -> String? {
        if let type = NegativeType(rawValue: name) { return negative(type, of: caption) }
        guard let perturbation = OrderPerturbation(rawValue: name) else { return nil }
        return orderNegative(perturbation, of: caption)
    }

    /// The negatives called `names` of `caption`: name → text, absent when invalid.
    public func negatives(named names: [String], of caption: String) -> [String: String] {
        let words = tagger.tag(caption)
        var out: [String: String] = [:]
        for name in names {
            let text: String?
            if let type = NegativeType(rawValue: name) {
                text = negative(type, of: caption, words: words)
            } else if let perturbation = OrderPerturbation(rawValue: name) {
                text = orderNegative(perturbation, of: caption)
            } else {
                text = nil
            }
            if let text { out[name] = text }
        }
        return out
    }

    /// An ARO order perturbation of `caption` (tokens tagged by ``tagger``, passed through
    /// `pre_caption`), seeded by `(seed, caption, perturbation)`; `nil` when nothing can move.
    public func orderNegative(_ perturbation: OrderPerturbation, of caption: String) -> String? {
        let tokens = WordTokenizer.tokenize(caption)
        var generator = SeededGenerator(
            seed: seed ^ 0xA076_1D64_78BD_642F,
            stream: Self.fnv1a(caption) &+ UInt64(OrderPerturbation.allCases.firstIndex(of: perturbation)!))
        let out = perturbation.apply(to: tokens, tagger: tagger, using: &generator)
        let text = OrderPerturbation.preCaption(out.joined(separator: " "))
        return text == OrderPerturbation.preCaption(tokens.joined(separator: " ")) ? nil : text
    }

    /// FNV-1a, 64-bit, of the UTF-8 bytes: a hash stable across runs and platforms.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

extension NegativeGenerator {
    /// ``negatives(named:of:)`` for every caption, on `workers` threads; the result is the same
    /// as a sequential loop (each caption's negatives depend only on the caption and the seed).
    public func negatives(named names: [String], ofAll captions: [String], workers: Int = 2) -> [[String: String]] {
        let slots = NegativeSlots(count: captions.count)
        let workers = max(1, min(workers, captions.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for i in stride(from: worker, to: captions.count, by: workers) {
                slots.set(i, negatives(named: names, of: captions[i]))
            }
        }
        return slots.values
    }
}

/// Negatives written by concurrent workers into distinct slots.
private final class NegativeSlots: @unchecked Sendable {
    private var storage: [[String: String]]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: [:], count: count) }
    func set(_ i: Int, _ value: [String: String]) {
        lock.lock()
        storage[i] = value
        lock.unlock()
    }
    var values: [[String: String]] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
