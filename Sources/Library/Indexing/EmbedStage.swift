import Foundation

/// Pipeline stage 2 (background thread): calls the model for the units that need vectors and
/// validates what it returns. Every problem becomes a per-file failure.
struct EmbedStage: Sendable {
    let embedder: any ItemEmbedder
    let textBatchSize: Int

    func embed(_ units: [WorkUnit]) -> [(WorkUnit, UnitOutcome)] {
        var outcomes = [UnitOutcome](repeating: .notEmbedded, count: units.count)
        let images = units.indices.filter {
            if case .embedImage = units[$0].action { return true }
            return false
        }
        if !images.isEmpty {
            let results = embedImages(images.map { URL(fileURLWithPath: units[$0].path) })
            for (index, result) in zip(images, results) {
                switch result {
                case .success(let vector): outcomes[index] = validate([vector])
                case .failure(let error): outcomes[index] = .failed(describe(error))
                }
            }
        }
        var texts: [(unit: Int, passages: [Passage])] = []
        for (index, unit) in units.enumerated() {
            if case .embedText(let passages) = unit.action { texts.append((index, passages)) }
        }
        for (index, outcome) in embedTexts(texts.map(\.passages)).enumerated() {
            outcomes[texts[index].unit] = outcome
        }
        return Array(zip(units, outcomes))
    }

    /// One result per file; a throwing batch call is retried file by file.
    private func embedImages(_ files: [URL]) -> [Result<[Float], any Error>] {
        if let results = try? embedder.embedImages(files), results.count == files.count {
            return results
        }
        return files.map { file in
            do {
                let results = try embedder.embedImages([file])
                guard results.count == 1 else {
                    return .failure(
                        EmbedFailure("the model returned \(results.count) results for 1 image"))
                }
                return results[0]
            } catch {
                return .failure(error)
            }
        }
    }

    /// One outcome per document: passages are batched across documents; a failing batch is
    /// retried document by document so the error lands on the right file.
    private func embedTexts(_ documents: [[Passage]]) -> [UnitOutcome] {
        let flat = documents.enumerated().flatMap { doc in doc.element.map { (doc.offset, $0.text) }
        }
        var vectors = [[[Float]]](repeating: [], count: documents.count)
        var retry = Set<Int>()
        var start = 0
        while start < flat.count {
            let chunk = flat[start ..< min(flat.count, start + textBatchSize)]
            if let result = try? embedder.embedTexts(chunk.map(\.1)), result.count == chunk.count {
                for (entry, vector) in zip(chunk, result) where !retry.contains(entry.0) {
                    vectors[entry.0].append(vector)
                }
            } else {
                for entry in chunk { retry.insert(entry.0) }
            }
            start += textBatchSize
        }
        return documents.indices.map { doc in
            if !retry.contains(doc) { return validate(vectors[doc]) }
            var own: [[Float]] = []
            do {
                var offset = 0
                let texts = documents[doc].map(\.text)
                while offset < texts.count {
                    let part = Array(texts[offset ..< min(texts.count, offset + textBatchSize)])
                    let result = try embedder.embedTexts(part)
                    guard result.count == part.count else {
                        throw EmbedFailure(
                            "the model returned \(result.count) vectors for \(part.count) passages")
                    }
                    own += result
                    offset += textBatchSize
                }
            } catch {
                return .failed(describe(error))
            }
            return validate(own)
        }
    }

    /// Unit-normalised vectors, or the reason they are unusable.
    private func validate(_ vectors: [[Float]]) -> UnitOutcome {
        var out: [[Float]] = []
        out.reserveCapacity(vectors.count)
        for vector in vectors {
            guard vector.count == embedder.dimension else {
                return .failed(
                    "the model returned \(vector.count) values, expected \(embedder.dimension)")
            }
            var sum = 0.0
            for x in vector { sum += Double(x) * Double(x) }
            guard sum.isFinite else { return .failed("the model returned non-finite values") }
            guard sum > 0 else { return .failed("the model returned a zero vector") }
            let scale = Float(1 / sum.squareRoot())
            out.append(vector.map { $0 * scale })
        }
        return .vectors(out)
    }

    private func describe(_ error: any Error) -> String {
        String(describing: error)
    }
}

/// A model answer the indexer cannot use.
struct EmbedFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
