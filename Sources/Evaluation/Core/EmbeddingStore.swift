import Foundation

/// Embeds deduplicated inputs through an ``Embedder`` with an optional ``EmbeddingCache``,
/// turning per-image failures into skip reasons instead of aborting the suite.
public final class EmbeddingStore {
    /// The model.
    public let embedder: any Embedder
    /// The on-disk cache, if any.
    public let cache: EmbeddingCache?
    /// Inputs per embedder call.
    public var batchSize: Int
    /// Receives short progress lines (`embedding 512/5000 images`), if set.
    public var progress: ((String) -> Void)?

    /// A store over `embedder`, caching in `cache` when given.
    public init(embedder: any Embedder, cache: EmbeddingCache? = nil, batchSize: Int = 64) {
        precondition(batchSize > 0, "batchSize must be positive")
        self.embedder = embedder
        self.cache = cache
        self.batchSize = batchSize
    }

    /// Images embedded so far: rows of `matrix` by input, and the reason for each failure.
    public struct ImageEmbeddings {
        /// Raw (unnormalised) vectors of the images that succeeded.
        public var matrix: EmbeddingMatrix
        /// Row of each successful input.
        public var rowOf: [ImageInput: Int]
        /// Why each failed input failed (`image failed to embed: …`).
        public var failures: [ImageInput: String]
    }

    /// Embeds each distinct text once; row `i` of the result belongs to `texts[i]`.
    /// - Throws: ``EvaluationError/embedderContract(_:)`` on wrong counts, dimensions or
    ///   non-finite values, or the embedder's error.
    public func embedTexts(_ texts: [String]) throws -> EmbeddingMatrix {
        var unique: [String] = []
        var position: [String: Int] = [:]
        for text in texts where position[text] == nil {
            position[text] = unique.count
            unique.append(text)
        }
        var vectors = [[Float]?](repeating: nil, count: unique.count)
        var pending: [Int] = []
        let fingerprint = embedder.fingerprint
        for (i, text) in unique.enumerated() {
            if let cached = try cache?.vector(fingerprint: fingerprint, key: .text(text)),
                cached.count == embedder.dimension
            {
                vectors[i] = cached
            } else {
                pending.append(i)
            }
        }
        for start in stride(from: 0, to: pending.count, by: batchSize) {
            let batch = Array(pending[start ..< min(start + batchSize, pending.count)])
            let output = try embedder.embedTexts(batch.map { unique[$0] })
            try check(output, count: batch.count, what: "texts")
            for (i, vector) in zip(batch, output) {
                guard vector.allSatisfy(\.isFinite) else {
                    throw EvaluationError.embedderContract(
                        "non-finite embedding for text \"\(unique[i].prefix(80))\"")
                }
                vectors[i] = vector
            }
            try cache?.store(
                fingerprint: fingerprint,
                zip(batch, output).map { (key: CacheKey.text(unique[$0.0]), vector: $0.1) })
            progress?("embedded \(min(start + batchSize, pending.count))/\(pending.count) texts")
        }
        let rows = texts.map { vectors[position[$0]!]! }
        return EmbeddingMatrix(rows, columns: embedder.dimension)
    }

    /// Embeds each distinct image once. Missing or unreadable files, and images the embedder
    /// rejects, are reported in `failures` with the error text; a failing batch is retried one
    /// image at a time so only the culprits are skipped.
    public func embedImages(_ inputs: [ImageInput]) throws -> ImageEmbeddings {
        var unique: [ImageInput] = []
        var seen: Set<ImageInput> = []
        for input in inputs where seen.insert(input).inserted { unique.append(input) }
        var vectors: [ImageInput: [Float]] = [:]
        var failures: [ImageInput: String] = [:]
        var keys: [ImageInput: CacheKey] = [:]
        var pending: [ImageInput] = []
        let fingerprint = embedder.fingerprint
        for input in unique {
            guard FileManager.default.fileExists(atPath: input.url.path) else {
                failures[input] = "image file not found"
                continue
            }
            if let cache {
                guard let key = try? CacheKey.image(input) else {
                    failures[input] = "image file unreadable"
                    continue
                }
                keys[input] = key
                if let cached = try cache.vector(fingerprint: fingerprint, key: key),
                    cached.count == embedder.dimension
                {
                    vectors[input] = cached
                    continue
                }
            }
            pending.append(input)
        }
        for start in stride(from: 0, to: pending.count, by: batchSize) {
            let batch = Array(pending[start ..< min(start + batchSize, pending.count)])
            var produced: [(ImageInput, [Float])] = []
            let attempts = [batch] + (batch.count > 1 ? batch.map { [$0] } : [])
            for (attempt, group) in attempts.enumerated() {
                do {
                    let output = try embedder.embedImages(group)
                    try check(output, count: group.count, what: "images")
                    produced += zip(group, output)
                    if attempt == 0 { break }
                } catch let error as EvaluationError {
                    throw error
                } catch {
                    // A whole-batch failure falls through to one-image retries.
                    if group.count == 1 { failures[group[0]] = "image failed to embed: \(error)" }
                }
            }
            var toStore: [(key: CacheKey, vector: [Float])] = []
            for (input, vector) in produced {
                guard vector.allSatisfy(\.isFinite) else {
                    failures[input] = "image embedding has non-finite values"
                    continue
                }
                vectors[input] = vector
                if let key = keys[input] { toStore.append((key, vector)) }
            }
            try cache?.store(fingerprint: fingerprint, toStore)
            progress?("embedded \(min(start + batchSize, pending.count))/\(pending.count) images")
        }
        var rowOf: [ImageInput: Int] = [:]
        var rows: [[Float]] = []
        for input in unique {
            guard let vector = vectors[input] else { continue }
            rowOf[input] = rows.count
            rows.append(vector)
        }
        return ImageEmbeddings(
            matrix: EmbeddingMatrix(rows, columns: embedder.dimension), rowOf: rowOf,
            failures: failures)
    }

    private func check(_ output: [[Float]], count: Int, what: String) throws {
        guard output.count == count else {
            throw EvaluationError.embedderContract(
                "asked for \(count) \(what), got \(output.count) vectors")
        }
        if let bad = output.first(where: { $0.count != embedder.dimension }) {
            throw EvaluationError.embedderContract(
                "\(what) vector of length \(bad.count), dimension is \(embedder.dimension)")
        }
    }
}
