import CLIPModels
import TensorCore

extension Trainer {
    /// HierarCaps' τ_d on held-out chains (METHODS.md §0.4): for each 4-level chain, the Kendall τ
    /// between the radii `‖e − r‖` of its levels (r = embedding of `""`) and their depth,
    /// averaged over chains. `nil` when no item carries a 4-level chain. Call inside `noGrad`.
    func chainDepthTau(_ items: [TrainingExample]) -> Double? {
        let chains = items.compactMap(\.chain).filter { $0.count == 4 }
        guard !chains.isEmpty else { return nil }
        let root = rows(model.encodeText(tokens([""])).l2Normalized())[0]
        var sum = 0.0
        for start in stride(from: 0, to: chains.count, by: 16) {
            let chunk = chains[start..<min(chains.count, start + 16)]
            let embeddings = rows(model.encodeText(tokens(chunk.flatMap { $0 })).l2Normalized())
            for c in 0..<chunk.count {
                let radii = (0..<4).map { level in
                    zip(embeddings[c * 4 + level], root).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }.squareRoot()
                }
                sum += Self.kendallTauAgainstDepth(radii)
            }
        }
        return sum / Double(chains.count)
    }

    /// Kendall τ between `values` and the order 1…n: (concordant − discordant) / pairs.
    static func kendallTauAgainstDepth(_ values: [Double]) -> Double {
        var score = 0
        for i in values.indices {
            for j in values.indices where j > i {
                score += values[j] > values[i] ? 1 : (values[j] < values[i] ? -1 : 0)
            }
        }
        return Double(score) / Double(values.count * (values.count - 1) / 2)
    }
}
