import TensorCore

/// CCL's losses (METHODS.md §2.1), as differentiable tensor expressions.
public enum CCLLoss {
    /// `SemiContrastLoss` (CCL_TMM2018 `semicontrast_loss_layer_divide.cpp`, sampling probability 1):
    /// over all N×N image–text pairs of the batch,
    /// `L = (1/2N) Σ_ij [ y_ij·d_ij² + (1 − y_ij)·max(0, m − d_ij)² ]`, `d_ij = ‖v_i − t_j‖₂`,
    /// `y_ij = 1` iff `labels[i] == labels[j]`.
    ///
    /// The gradient is the exact derivative of this value (`d` is `sqrt(d² + 1e-12)`); Caffe's
    /// hand-written backward is twice that (and uses `d + 1e-4` in the hinge's denominator).
    /// - Parameters:
    ///   - image: `[N, D]`; text: `[N, D]`; labels: one per row of both.
    public static func semiContrast(image: Tensor, text: Tensor, labels: [Int], margin: Float = 1) -> Tensor {
        let n = image.shape[0]
        precondition(text.shape[0] == n && labels.count == n, "semiContrast: \(image.shape), \(text.shape), \(labels.count) labels")
        let positives = Tensor(pairMask(labels), shape: [n, n])
        let squared = squaredDistances(image, text)
        let distance = (squared + 1e-12).sqrt()
        let hinge = (margin - distance).relu().square()
        let total = (positives * squared + (1 - positives) * hinge).sum()
        return total * (1 / Float(2 * n))
    }

    /// `‖a_i − b_j‖²` for all pairs, `[N, M]`, clamped at 0 against rounding.
    public static func squaredDistances(_ a: Tensor, _ b: Tensor) -> Tensor {
        let aa = a.square().sum(axis: 1, keepDims: true)
        let bb = b.square().sum(axis: 1, keepDims: true).reshaped([1, b.shape[0]])
        return (aa + bb - 2 * matmul(a, b, transposeB: true)).relu()
    }

    /// `1` where the labels of row `i` and column `j` agree, row-major `[N·N]`.
    public static func pairMask(_ labels: [Int]) -> [Float] {
        labels.flatMap { a in labels.map { $0 == a ? Float(1) : 0 } }
    }

    /// Mean over rows of the summed squared error: `(1/N) Σ_i ‖x_i − y_i‖²`.
    public static func squaredError(_ reconstruction: Tensor, _ target: Tensor) -> Tensor {
        (reconstruction - target).square().sum() * (1 / Float(reconstruction.shape[0]))
    }

    /// Corr-AE's objective for one granularity (Feng et al. 2014; CCL `rbm_1024/ae_models/corr_ae.pbtxt`):
    /// `λ·(1/N)Σ‖c_img − c_txt‖² + (1 − λ)·(recon_img + recon_txt)`, λ = `rep_tied_lambda` = 0.7.
    public static func correspondence(
        imageCode: Tensor, textCode: Tensor, imageReconstruction: Tensor, imageTarget: Tensor,
        textReconstruction: Tensor, textTarget: Tensor, lambda: Float = 0.7
    ) -> (total: Tensor, correlation: Tensor, reconstruction: Tensor) {
        let correlation = squaredError(imageCode, textCode)
        let reconstruction = squaredError(imageReconstruction, imageTarget) + squaredError(textReconstruction, textTarget)
        return (correlation * lambda + reconstruction * (1 - lambda), correlation, reconstruction)
    }
}
