import CCL
import NN
import TensorCore
import TestSupport
import Testing

/// CCL's contrastive loss, Corr-AE terms and fusion layer against PyTorch autograd
/// (Tools/fixtures/make_ccl_fixtures.py), and the N×N contrastive loss against a naive loop.
@Suite("CCL losses and layers match PyTorch")
struct CCLParityTests {
    let f: SafeTensorsFile

    init() throws { f = try SafeTensorsFile(url: Fixtures.url("ccl/reference.safetensors")) }

    func expectRelative(_ actual: Tensor?, _ key: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let actual else {
            Issue.record("\(key): no value", sourceLocation: sourceLocation)
            return
        }
        let expected = try f.tensor(key)
        #expect(actual.shape == expected.shape || (actual.count == 1 && expected.count == 1), "\(key): shape \(actual.shape) vs \(expected.shape)",
                sourceLocation: sourceLocation)
        let error = relativeNormError(actual.scalars, expected.scalars)
        #expect(error < 1e-4, "\(key): relative error \(error)", sourceLocation: sourceLocation)
    }

    func labels(_ key: String) throws -> [Int] { try f.tensor(key).scalars.map { Int($0) } }

    @Test("SemiContrastLoss: value and gradients of both inputs")
    func contrastive() throws {
        let image = try f.tensor("contrastive.image").requiringGrad()
        let text = try f.tensor("contrastive.text").requiringGrad()
        #expect(try f.tensor("contrastive.hinge_active").item >= 5, "the fixture exercises the hinge")
        let loss = CCLLoss.semiContrast(image: image, text: text, labels: try labels("contrastive.labels"), margin: 1)
        loss.backward()
        try expectRelative(loss, "contrastive.loss")
        try expectRelative(image.grad, "contrastive.grad.image")
        try expectRelative(text.grad, "contrastive.grad.text")
    }

    @Test("N×N contrastive loss equals a naive Float64 double loop")
    func contrastiveOracle() {
        var rng = RandomGenerator(seed: 3)
        for (n, d) in [(2, 3), (9, 4), (16, 32)] {
            let v = Tensor.randomUniform([n, d], low: 0, high: 0.6, using: &rng)
            let t = Tensor.randomUniform([n, d], low: 0, high: 0.6, using: &rng)
            let labels = (0..<n).map { ($0 * 7 + 3) % 3 }
            let vs = v.scalars.map(Double.init), ts = t.scalars.map(Double.init)
            var total = 0.0
            for i in 0..<n {
                for j in 0..<n {
                    var sq = 0.0
                    for k in 0..<d { let x = vs[i * d + k] - ts[j * d + k]; sq += x * x }
                    total += labels[i] == labels[j] ? sq : { let h = Swift.max(0, 1 - sq.squareRoot()); return h * h }()
                }
            }
            let expected = total / Double(2 * n)
            let actual = Double(CCLLoss.semiContrast(image: v, text: t, labels: labels).item)
            #expect(abs(actual - expected) <= 1e-5 * Swift.max(1, expected), "n=\(n): \(actual) vs \(expected)")
        }
    }

    @Test("Corr-AE: standardised inputs, correlation, reconstruction, weighted total and every gradient")
    func corrAE() throws {
        var rng = RandomGenerator(seed: 0)
        let layer = CorrelationAutoencoder(input: 6, code: 4, rng: &rng)
        var weights: [String: Tensor] = [:]
        for (name, _) in layer.namedParameters() { weights[name] = try f.tensor("corr_ae.param.\(name)") }
        try layer.load(weights)
        let xi = try f.tensor("corr_ae.input.image").requiringGrad(), xt = try f.tensor("corr_ae.input.text").requiringGrad()
        let terms = layer.loss(image: xi, text: xt, mode: .corrAE, lambda: 0.7)
        terms.total.backward()
        try expectRelative(terms.correlation, "corr_ae.correlation")
        try expectRelative(terms.reconstruction, "corr_ae.reconstruction")
        try expectRelative(terms.total, "corr_ae.total")
        try expectRelative(xi.grad, "corr_ae.grad.input.image")
        try expectRelative(xt.grad, "corr_ae.grad.input.text")
        for (name, p) in layer.namedParameters() where p.requiresGrad { try expectRelative(p.grad, "corr_ae.grad.\(name)") }
    }

    @Test("fusion layer: code, tied reconstruction loss and every gradient")
    func fusion() throws {
        var rng = RandomGenerator(seed: 0)
        let layer = FusionLayer(inputs: [5, 3], width: 6, rng: &rng)
        var weights: [String: Tensor] = [:]
        for (name, _) in layer.namedParameters() { weights[name] = try f.tensor("fusion.param.\(name)") }
        try layer.load(weights)
        let xc = try f.tensor("fusion.input.coarse").requiringGrad(), xf = try f.tensor("fusion.input.fine").requiringGrad()
        let r = layer([xc, xf])
        (r.reconstructionLoss + r.code.sum() * 0.25).backward()
        try expectRelative(r.code, "fusion.code")
        try expectRelative(r.reconstructionLoss, "fusion.loss")
        try expectRelative(xc.grad, "fusion.grad.input.coarse")
        try expectRelative(xf.grad, "fusion.grad.input.fine")
        for (name, p) in layer.namedParameters() where p.requiresGrad { try expectRelative(p.grad, "fusion.grad.\(name)") }
    }
}
