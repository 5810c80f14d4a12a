/// Query-side vector arithmetic.
public enum QueryVector {
    /// `v / ‖v‖`, or nil for a zero or non-finite vector.
    public static func normalized(_ v: [Float]) -> [Float]? {
        var sum: Double = 0
        for x in v { sum += Double(x) * Double(x) }
        let norm = sum.squareRoot()
        guard norm > 0, norm.isFinite else { return nil }
        let scale = Float(1 / norm)
        return v.map { $0 * scale }
    }

    /// The weighted sum `Σ wᵢ · vᵢ/‖vᵢ‖` of unit-normalised term vectors.
    ///
    /// This is rclip's combination of `+`/`-` query terms: the score of a row is the weighted sum
    /// of its cosine similarities to the terms (the sum is not re-normalised, so a lone term of
    /// weight 1 gives plain cosine similarity). Terms that cannot be normalised are skipped.
    public static func combine(_ terms: [(weight: Float, vector: [Float])]) -> [Float] {
        precondition(!terms.isEmpty, "no query terms")
        let dimension = terms[0].vector.count
        var out = [Float](repeating: 0, count: dimension)
        for term in terms {
            precondition(term.vector.count == dimension, "query terms differ in dimension")
            guard let unit = normalized(term.vector) else { continue }
            for i in 0 ..< dimension { out[i] += term.weight * unit[i] }
        }
        return out
    }
}
