import CLIPModels
import NN
import TensorCore
import Training

/// A tiny world built in the test: a coloured square in one of four quadrants of a 16×16 image,
/// captioned by two tokens (colour, quadrant). 16 distinct scenes; chance R@1 = 1/16.
enum ColorWorld {
    static let colors: [[Float]] = [[1, -1, -1], [-1, 1, -1], [-1, -1, 1], [1, 1, -1]]
    static let scenes = 16

    static var config: CLIPConfiguration {
        CLIPConfiguration(
            embedDim: 16,
            vision: .init(imageSize: 16, patchSize: 4, width: 32, layers: 2, heads: 2, mlpHidden: 64, activation: .gelu),
            text: .init(contextLength: 4, vocabSize: 16, width: 32, layers: 2, heads: 2, mlpHidden: 64, activation: .gelu))
    }

    /// `[B, 3, 16, 16]` images of `scenes` (0..<16) with pixel noise.
    static func images(_ scenes: [Int], noise: Float, rng: inout RandomGenerator) -> Tensor {
        var values = [Float](repeating: 0, count: scenes.count * 3 * 256)
        for (b, s) in scenes.enumerated() {
            let color = colors[s % 4], quadrant = s / 4
            let (y0, x0) = ((quadrant / 2) * 8, (quadrant % 2) * 8)
            for c in 0..<3 {
                for y in 0..<16 {
                    for x in 0..<16 {
                        let inside = y >= y0 && y < y0 + 8 && x >= x0 && x < x0 + 8
                        values[((b * 3 + c) * 16 + y) * 16 + x] = (inside ? color[c] : 0) + noise * (rng.nextUniform() - 0.5)
                    }
                }
            }
        }
        return Tensor(values, shape: [scenes.count, 3, 16, 16])
    }

    /// `[BOS=1, 2+colour, 6+quadrant, EOS=15]`.
    static func captions(_ scenes: [Int]) -> [[Int]] { scenes.map { [1, 2 + $0 % 4, 6 + $0 / 4, 15] } }

    /// Image→text R@1 over the 16 distinct scenes.
    static func recallAt1(_ model: CLIPModel) -> Double {
        var rng = RandomGenerator(seed: 999)
        let all = Array(0..<scenes)
        let sims = noGrad {
            matmul(model.encodeImage(images(all, noise: 0.2, rng: &rng)).l2Normalized(),
                   model.encodeText(captions(all)).l2Normalized(), transposeB: true).scalars
        }
        let hits = all.filter { i in (0..<scenes).max { sims[i * scenes + $0] < sims[i * scenes + $1] } == i }.count
        return Double(hits) / Double(scenes)
    }

    /// One InfoNCE step on a random batch of distinct scenes.
    static func infoNCEStep(_ model: CLIPModel, rng: inout RandomGenerator) -> StepResult {
        var pool = Array(0..<scenes)
        pool.shuffle(using: &rng)
        let batch = Array(pool.prefix(12))
        let loss = infoNCELoss(image: model.encodeImage(images(batch, noise: 0.3, rng: &rng)).l2Normalized(),
                               text: model.encodeText(captions(batch)).l2Normalized(),
                               logitScale: model.logitScale.value)
        return StepResult(loss: loss)
    }
}
