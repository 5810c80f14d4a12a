import NN
import TensorCore

/// A stack of `Linear` layers, each followed by `activation` except where `linearLast` says.
public final class LayerStack: Module {
    public let layers: ModuleList<Linear>
    public let activation: Activation?
    public let linearLast: Bool

    /// - Parameter activation: `nil` = logistic (sigmoid) units, as the DBN and Corr-AE use.
    public init(_ widths: [Int], activation: Activation? = nil, linearLast: Bool = false, rng: inout RandomGenerator) {
        precondition(widths.count >= 2, "a layer stack needs input and output widths")
        var made: [Linear] = []
        for i in 0..<(widths.count - 1) { made.append(Linear(widths[i], widths[i + 1], rng: &rng)) }
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

/// Stage 1's intra-modal network for one modality and granularity: the inputs are z-scored with
/// the training set's statistics (frozen), encoded by logistic layers (the DBN's role) and decoded
/// back to the features by a mirror stack with a linear output (Gaussian visible units).
public final class FeatureAutoencoder: Module {
    public let inputMean: Parameter
    public let inputScale: Parameter
    public let encoder: LayerStack
    public let decoder: LayerStack

    public init(input: Int, widths: [Int], rng: inout RandomGenerator) {
        inputMean = Parameter(.zeros([input]), requiresGrad: false)
        inputScale = Parameter(.full([input], 1), requiresGrad: false)
        encoder = LayerStack([input] + widths, rng: &rng)
        decoder = LayerStack(Array(([input] + widths).reversed()), linearLast: true, rng: &rng)
    }

    override public var ownParameters: [(String, Parameter)] { [("input_mean", inputMean), ("input_scale", inputScale)] }
    override public var children: [(String, Module)] { [("encoder", encoder), ("decoder", decoder)] }

    /// Sets the z-scoring statistics from `[N, D]` training features.
    public func setStatistics(_ features: Tensor) {
        let n = features.shape[0], d = features.shape[1]
        let v = features.scalars
        var mean = [Float](repeating: 0, count: d), scale = [Float](repeating: 1, count: d)
        for c in 0..<d {
            var s = 0.0, s2 = 0.0
            for r in 0..<n { let x = Double(v[r * d + c]); s += x; s2 += x * x }
            let m = s / Double(max(n, 1))
            let std = (max(s2 / Double(max(n, 1)) - m * m, 0)).squareRoot()
            mean[c] = Float(m)
            scale[c] = std > 1e-8 ? Float(1 / std) : 1
        }
        inputMean.assign(Tensor(mean, shape: [d]))
        inputScale.assign(Tensor(scale, shape: [d]))
    }

    /// The z-scored input.
    public func standardized(_ x: Tensor) -> Tensor { (x - inputMean.value) * inputScale.value }

    /// Codes `[N, W]` of `[N, D]` features.
    public func encode(_ x: Tensor) -> Tensor { encoder(standardized(x)) }

    /// Codes, and the reconstruction error of the standardised input.
    public func callAsFunction(_ x: Tensor) -> (code: Tensor, reconstructionLoss: Tensor) {
        let target = standardized(x)
        let code = encoder(target)
        return (code, CCLLoss.squaredError(decoder(code), target))
    }
}

/// Corr-AE over one granularity's image and text codes: a logistic code per modality and a
/// logistic decoder back to that modality's input.
public final class CorrelationAutoencoder: Module {
    public let imageEncoder: Linear
    public let textEncoder: Linear
    public let imageDecoder: Linear
    public let textDecoder: Linear

    public init(input: Int, code: Int, rng: inout RandomGenerator) {
        imageEncoder = Linear(input, code, rng: &rng)
        textEncoder = Linear(input, code, rng: &rng)
        imageDecoder = Linear(code, input, rng: &rng)
        textDecoder = Linear(code, input, rng: &rng)
    }

    override public var children: [(String, Module)] {
        [("image_encoder", imageEncoder), ("text_encoder", textEncoder), ("image_decoder", imageDecoder),
         ("text_decoder", textDecoder)]
    }

    public func encodeImage(_ x: Tensor) -> Tensor { imageEncoder(x).sigmoid() }
    public func encodeText(_ x: Tensor) -> Tensor { textEncoder(x).sigmoid() }
    public func decodeImage(_ c: Tensor) -> Tensor { imageDecoder(c).sigmoid() }
    public func decodeText(_ c: Tensor) -> Tensor { textDecoder(c).sigmoid() }
}

/// The multi-grained fusion layer of one modality (`joint_img` / `joint_txt`): one logistic
/// hidden layer over the concatenated coarse and fine codes, with tied weights reconstructing
/// each input (`σ(W_kᵀ h + a_k)`, as the RBM's mean-field reconstruction).
public final class FusionLayer: Module {
    public let weights: ModuleList<Linear>
    public let reconstructionBiases: [Parameter]

    public init(inputs: [Int], width: Int, rng: inout RandomGenerator) {
        var made: [Linear] = []
        var biases: [Parameter] = []
        for (k, n) in inputs.enumerated() {
            made.append(Linear(n, width, bias: k == 0, rng: &rng))
            biases.append(Parameter(.zeros([n])))
        }
        weights = ModuleList(made)
        reconstructionBiases = biases
    }

    override public var ownParameters: [(String, Parameter)] {
        reconstructionBiases.enumerated().map { ("reconstruction_bias.\($0.offset)", $0.element) }
    }
    override public var children: [(String, Module)] { [("weights", weights)] }

    /// The fused code `σ(Σ_k W_k x_k + b)`.
    public func fuse(_ inputs: [Tensor]) -> Tensor {
        precondition(inputs.count == weights.count, "fusion expects \(weights.count) inputs")
        var z = weights[0](inputs[0])
        for k in 1..<inputs.count { z = z + weights[k](inputs[k]) }
        return z.sigmoid()
    }

    /// The fused code and the summed reconstruction errors of the inputs (targets detached).
    public func callAsFunction(_ inputs: [Tensor]) -> (code: Tensor, reconstructionLoss: Tensor) {
        let h = fuse(inputs)
        var loss: Tensor?
        for (k, x) in inputs.enumerated() {
            let reconstruction = (matmul(h, weights[k].weight.value) + reconstructionBiases[k].value).sigmoid()
            let term = CCLLoss.squaredError(reconstruction, x.detached())
            loss = loss.map { $0 + term } ?? term
        }
        return (h, loss!)
    }
}

/// Stage 2's branch for one modality (`CCL_trip_train.prototxt`): FC + sigmoid, then one
/// `FuseInnerProduct` layer whose output feeds the inter-modal head (sigmoid → common space)
/// and the intra-modal head (FC → softmax over categories).
public final class CommonSpaceBranch: Module {
    public let hidden: Linear
    public let fuse: Linear
    public let classifier: Linear

    public init(input: Int, width: Int, classes: Int, rng: inout RandomGenerator) {
        hidden = Linear(input, width, rng: &rng)
        fuse = Linear(width, width, rng: &rng)
        classifier = Linear(width, classes, rng: &rng)
    }

    override public var children: [(String, Module)] { [("hidden", hidden), ("fuse", fuse), ("classifier", classifier)] }

    /// The common-space vector `[N, W]` and the classification logits.
    public func callAsFunction(_ x: Tensor) -> (embedding: Tensor, logits: Tensor) {
        let f = fuse(hidden(x).sigmoid())
        return (f.sigmoid(), classifier(f))
    }
}
