import NN
import TensorCore

/// A `Linear` layer with Caffe's `xavier` filler (uniform in `±sqrt(3 / fan_in)`) and zero bias,
/// as every layer of the released CCL prototxt.
func xavierLinear(_ input: Int, _ output: Int, bias: Bool = true, rng: inout RandomGenerator) -> Linear {
    let layer = Linear(input, output, bias: bias, rng: &rng)
    let bound = (3 / Float(input)).squareRoot()
    layer.weight.assign(.randomUniform([output, input], low: -bound, high: bound, using: &rng))
    layer.bias?.assign(.zeros([output]))
    return layer
}

/// Frozen per-dimension z-scoring with training-set statistics: each layer trained greedily on
/// the previous layer's outputs sees standardised inputs.
public final class Standardizer: Module {
    public let mean: Parameter
    public let scale: Parameter

    public init(_ dimension: Int) {
        mean = Parameter(.zeros([dimension]), requiresGrad: false)
        scale = Parameter(.full([dimension], 1), requiresGrad: false)
    }

    override public var ownParameters: [(String, Parameter)] { [("mean", mean), ("scale", scale)] }

    /// Sets the statistics from `[N, D]` training rows (population std; 1 where it is zero).
    public func setStatistics(_ rows: Tensor) {
        let n = rows.shape[0], d = rows.shape[1]
        let v = rows.scalars
        var m = [Float](repeating: 0, count: d), k = [Float](repeating: 1, count: d)
        for c in 0..<d {
            var s = 0.0, s2 = 0.0
            for r in 0..<n {
                let x = Double(v[r * d + c])
                s += x
                s2 += x * x
            }
            let mu = s / Double(max(n, 1))
            let std = max(s2 / Double(max(n, 1)) - mu * mu, 0).squareRoot()
            m[c] = Float(mu)
            k[c] = std > 1e-8 ? Float(1 / std) : 1
        }
        mean.assign(Tensor(m, shape: [d]))
        scale.assign(Tensor(k, shape: [d]))
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { (x - mean.value) * scale.value }
}

/// A stack of `Linear` layers, each followed by `activation` except where `linearLast` says.
public final class LayerStack: Module {
    public let layers: ModuleList<Linear>
    public let activation: Activation?
    public let linearLast: Bool

    /// - Parameter activation: `nil` = logistic (sigmoid) units, as the DBN and Corr-AE use.
    public init(_ widths: [Int], activation: Activation? = nil, linearLast: Bool = false, rng: inout RandomGenerator) {
        precondition(widths.count >= 2, "a layer stack needs input and output widths")
        var made: [Linear] = []
        for i in 0..<(widths.count - 1) { made.append(xavierLinear(widths[i], widths[i + 1], rng: &rng)) }
        layers = ModuleList(made)
        self.activation = activation
        self.linearLast = linearLast
    }

    override public var children: [(String, Module)] { [("layers", layers)] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        var h = x
        for (i, layer) in layers.items.enumerated() {
            h = layer(h)
            if linearLast && i == layers.count - 1 { break }
            h = activation.map { $0(h) } ?? h.sigmoid()
        }
        return h
    }
}

/// Stage 1's intra-modal network for one modality and granularity: z-scored inputs encoded by
/// logistic layers (the DBN's role) and decoded back by a mirror stack with a linear output
/// (Gaussian visible units).
public final class FeatureAutoencoder: Module {
    public let standardizer: Standardizer
    public let encoder: LayerStack
    public let decoder: LayerStack

    public init(input: Int, widths: [Int], rng: inout RandomGenerator) {
        standardizer = Standardizer(input)
        encoder = LayerStack([input] + widths, rng: &rng)
        decoder = LayerStack(Array(([input] + widths).reversed()), linearLast: true, rng: &rng)
    }

    override public var children: [(String, Module)] {
        [("standardizer", standardizer), ("encoder", encoder), ("decoder", decoder)]
    }

    /// Codes `[N, W]` of `[N, D]` features.
    public func encode(_ x: Tensor) -> Tensor { encoder(standardizer(x)) }

    /// The reconstruction error of the standardised input.
    public func reconstructionLoss(_ x: Tensor) -> Tensor {
        let target = standardizer(x)
        return CCLLoss.squaredError(decoder(encoder(target)), target)
    }
}

/// Corr-AE over one granularity's image and text codes: standardised inputs, a logistic code per
/// modality, and a linear decoder back to that modality's standardised input.
public final class CorrelationAutoencoder: Module {
    public let imageStandardizer: Standardizer
    public let textStandardizer: Standardizer
    public let imageEncoder: Linear
    public let textEncoder: Linear
    public let imageDecoder: Linear
    public let textDecoder: Linear

    public init(input: Int, code: Int, rng: inout RandomGenerator) {
        imageStandardizer = Standardizer(input)
        textStandardizer = Standardizer(input)
        imageEncoder = xavierLinear(input, code, rng: &rng)
        textEncoder = xavierLinear(input, code, rng: &rng)
        imageDecoder = xavierLinear(code, input, rng: &rng)
        textDecoder = xavierLinear(code, input, rng: &rng)
    }

    override public var children: [(String, Module)] {
        [("image_standardizer", imageStandardizer), ("text_standardizer", textStandardizer),
         ("image_encoder", imageEncoder), ("text_encoder", textEncoder), ("image_decoder", imageDecoder),
         ("text_decoder", textDecoder)]
    }

    public func encodeImage(_ x: Tensor) -> Tensor { imageEncoder(imageStandardizer(x)).sigmoid() }
    public func encodeText(_ x: Tensor) -> Tensor { textEncoder(textStandardizer(x)).sigmoid() }

    /// Corr-AE's terms on `[N, D]` image and text inputs (``CCLLoss/correspondence``), the
    /// correlation replaced by the contrastive loss over matched pairs in `.contrastive` mode.
    public func loss(image: Tensor, text: Tensor, mode: CorrelationMode, lambda: Float, margin: Float = 1)
        -> (total: Tensor, correlation: Tensor, reconstruction: Tensor)
    {
        let zi = imageStandardizer(image), zt = textStandardizer(text)
        let ci = imageEncoder(zi).sigmoid(), ct = textEncoder(zt).sigmoid()
        let terms = CCLLoss.correspondence(imageCode: ci, textCode: ct, imageReconstruction: imageDecoder(ci),
                                           imageTarget: zi.detached(), textReconstruction: textDecoder(ct),
                                           textTarget: zt.detached(), lambda: lambda)
        guard mode == .contrastive else { return terms }
        let contrastive = CCLLoss.semiContrast(image: ci, text: ct, labels: Array(0..<ci.shape[0]), margin: margin)
        return (contrastive * lambda + terms.reconstruction * (1 - lambda), contrastive, terms.reconstruction)
    }
}

/// The multi-grained fusion layer of one modality (`joint_img` / `joint_txt`): one logistic
/// hidden layer over the standardised coarse and fine codes, with tied weights reconstructing
/// each standardised input (`W_kᵀ h + a_k`, the RBM's mean-field reconstruction with linear units).
public final class FusionLayer: Module {
    public let standardizers: ModuleList<Standardizer>
    public let weights: ModuleList<Linear>
    public let reconstructionBiases: [Parameter]

    public init(inputs: [Int], width: Int, rng: inout RandomGenerator) {
        var made: [Linear] = []
        var biases: [Parameter] = []
        for (k, n) in inputs.enumerated() {
            made.append(xavierLinear(n, width, bias: k == 0, rng: &rng))
            biases.append(Parameter(.zeros([n])))
        }
        standardizers = ModuleList(inputs.map { Standardizer($0) })
        weights = ModuleList(made)
        reconstructionBiases = biases
    }

    override public var ownParameters: [(String, Parameter)] {
        reconstructionBiases.enumerated().map { ("reconstruction_bias.\($0.offset)", $0.element) }
    }
    override public var children: [(String, Module)] { [("standardizers", standardizers), ("weights", weights)] }

    func fused(_ z: [Tensor]) -> Tensor {
        precondition(z.count == weights.count, "fusion expects \(weights.count) inputs")
        var pre = weights[0](z[0])
        for k in 1..<z.count { pre = pre + weights[k](z[k]) }
        return pre.sigmoid()
    }

    /// The fused code `σ(Σ_k W_k z_k + b)` of the standardised inputs `z_k`.
    public func fuse(_ inputs: [Tensor]) -> Tensor { fused(inputs.enumerated().map { standardizers[$0.offset]($0.element) }) }

    /// The fused code and the summed reconstruction errors of the standardised inputs (targets detached).
    public func callAsFunction(_ inputs: [Tensor]) -> (code: Tensor, reconstructionLoss: Tensor) {
        let z = inputs.enumerated().map { standardizers[$0.offset]($0.element) }
        let h = fused(z)
        var loss: Tensor?
        for (k, x) in z.enumerated() {
            let reconstruction = matmul(h, weights[k].weight.value) + reconstructionBiases[k].value
            let term = CCLLoss.squaredError(reconstruction, x.detached())
            loss = loss.map { $0 + term } ?? term
        }
        return (h, loss!)
    }
}

/// Stage 2's branch for one modality (`CCL_trip_train.prototxt`): standardised stage-1 output,
/// FC + sigmoid, then one
/// `FuseInnerProduct` layer whose output feeds the inter-modal head (sigmoid → common space)
/// and the intra-modal head (FC → softmax over categories).
public final class CommonSpaceBranch: Module {
    public let standardizer: Standardizer
    public let hidden: Linear
    public let fuse: Linear
    public let classifier: Linear

    public init(input: Int, width: Int, classes: Int, rng: inout RandomGenerator) {
        standardizer = Standardizer(input)
        hidden = xavierLinear(input, width, rng: &rng)
        fuse = xavierLinear(width, width, rng: &rng)
        classifier = xavierLinear(width, classes, rng: &rng)
    }

    override public var children: [(String, Module)] {
        [("standardizer", standardizer), ("hidden", hidden), ("fuse", fuse), ("classifier", classifier)]
    }

    /// The common-space vector `[N, W]` and the classification logits.
    public func callAsFunction(_ x: Tensor) -> (embedding: Tensor, logits: Tensor) {
        let f = fuse(hidden(standardizer(x)).sigmoid())
        return (f.sigmoid(), classifier(f))
    }
}
