import Foundation

/// One training item: an image with its captions and whatever the objectives need.
public struct TrainingExample: Sendable, Equatable {
    public var image: URL?
    /// Captions describing the image (the first is the primary one).
    public var captions: [String]
    public var sparseCaption: String?
    /// Hard negative captions by type; an absent or null type is invalid for this item.
    public var negatives: [String: String]
    /// Generic-to-specific caption chain and its contradicting chain (Radial Embedding).
    public var chain: [String]?
    public var negativeChain: [String]?
    public var category: String?

    public init(image: URL?, captions: [String], sparseCaption: String? = nil, negatives: [String: String] = [:],
                chain: [String]? = nil, negativeChain: [String]? = nil, category: String? = nil) {
        self.image = image
        self.captions = captions
        self.sparseCaption = sparseCaption
        self.negatives = negatives
        self.chain = chain
        self.negativeChain = negativeChain
        self.category = category
    }
}

/// Errors reading training data, naming the file and line.
public enum TrainingDataError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String, line: Int, reason: String)
    case empty(path: String)
    /// Image files named by the data that do not exist (`data.missing_images: fail`).
    case missingImages(path: String, count: Int, total: Int, first: [String])

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read training data: \(reason)"
        case let .malformed(path, line, reason): return "\(path):\(line): \(reason)"
        case let .empty(path): return "\(path): no usable training examples"
        case let .missingImages(path, count, total, first):
            return "\(path): \(count) of \(total) images are missing (first: \(first.joined(separator: ", "))); "
                + "set data.missing_images to \"skip\" to train on the rest"
        }
    }
}

/// Reads JSONL training manifests: one `{"image": path, "caption": text, …}` object per line,
/// with optional `captions`, `sparse_caption`, `negatives` ({type: text|null}), `chain`,
/// `negative_chain` and `category`. Image paths are relative to `imagesRoot` (default: the
/// manifest's folder).
public enum TrainingManifest {
    public static func read(_ url: URL, imagesRoot: URL? = nil) throws -> [TrainingExample] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw TrainingDataError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        let root = imagesRoot ?? url.deletingLastPathComponent()
        var examples: [TrainingExample] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                throw TrainingDataError.malformed(path: url.path, line: i + 1, reason: "not a JSON object")
            }
            var captions = (object["captions"] as? [String]) ?? []
            if let caption = object["caption"] as? String {
                captions.removeAll { $0 == caption }
                captions.insert(caption, at: 0)
            }
            guard !captions.isEmpty else {
                throw TrainingDataError.malformed(path: url.path, line: i + 1, reason: "no 'caption' or 'captions'")
            }
            var image: URL?
            if let path = object["image"] as? String {
                image = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
            }
            var negatives: [String: String] = [:]
            if let n = object["negatives"] as? [String: Any] {
                for (k, v) in n { if let s = v as? String, !s.isEmpty { negatives[k] = s } }
            }
            examples.append(TrainingExample(
                image: image, captions: captions, sparseCaption: object["sparse_caption"] as? String,
                negatives: negatives, chain: object["chain"] as? [String],
                negativeChain: object["negative_chain"] as? [String], category: object["category"] as? String))
        }
        if examples.isEmpty { throw TrainingDataError.empty(path: url.path) }
        return examples
    }
}

/// Deterministic batch order: epoch `e` is a permutation of the examples drawn from
/// `seed + e`, so batch `k` is a pure function of (seed, k) and a resumed run sees the same data.
public struct BatchOrder: Sendable {
    public let count: Int
    public let batchSize: Int
    public let seed: UInt64

    public init(count: Int, batchSize: Int, seed: UInt64) {
        precondition(count > 0 && batchSize > 0, "empty data or batch")
        self.count = count
        self.batchSize = min(batchSize, count)
        self.seed = seed
    }

    /// Batches per epoch (the last partial batch is dropped, as open_clip does).
    public var batchesPerEpoch: Int { max(1, count / batchSize) }

    /// Indices of batch number `k` (0-based, across epochs).
    public func batch(_ k: Int) -> [Int] {
        let epoch = k / batchesPerEpoch, position = k % batchesPerEpoch
        var rng = RandomGeneratorSplit(seed: seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
        var order = Array(0..<count)
        order.shuffle(using: &rng)
        return Array(order[(position * batchSize)..<((position + 1) * batchSize)])
    }
}

/// SplitMix64, for derived per-epoch and per-batch streams.
public struct RandomGeneratorSplit: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Prepares batch `k + 1` on a background thread while batch `k` trains.
public final class Prefetcher<Batch: Sendable>: @unchecked Sendable {
    private let prepare: @Sendable (Int) throws -> Batch
    private let queue = DispatchQueue(label: "loupe.prefetch")
    private var pending: (index: Int, group: DispatchGroup, result: Result<Batch, any Error>?)?
    private let lock = NSLock()

    public init(prepare: @escaping @Sendable (Int) throws -> Batch) { self.prepare = prepare }

    /// The prepared batch `k`; starts preparing `k + 1`.
    public func batch(_ k: Int) throws -> Batch {
        let current: Result<Batch, any Error>
        if let p = pending, p.index == k {
            p.group.wait()
            lock.lock()
            current = pending!.result!
            lock.unlock()
        } else {
            current = Result { try prepare(k) }
        }
        start(k + 1)
        return try current.get()
    }

    private func start(_ k: Int) {
        let group = DispatchGroup()
        lock.lock()
        pending = (k, group, nil)
        lock.unlock()
        group.enter()
        queue.async { [self] in
            let r = Result { try prepare(k) }
            lock.lock()
            if pending?.index == k { pending?.result = r }
            lock.unlock()
            group.leave()
        }
    }
}
