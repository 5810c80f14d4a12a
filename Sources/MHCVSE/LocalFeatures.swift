import TensorCore

/// A batch of variable-length local features: `values [B, T, D]` padded after each row's
/// `lengths[b]` valid positions (image regions all valid; caption tokens up to the end token).
public struct LocalFeatures {
    public var values: Tensor
    public var lengths: [Int]

    public init(values: Tensor, lengths: [Int]) {
        precondition(values.rank == 3 && values.shape[0] == lengths.count, "local features \(values.shape), \(lengths.count) lengths")
        precondition(lengths.allSatisfy { $0 >= 1 && $0 <= values.shape[1] }, "lengths \(lengths) outside 1...\(values.shape[1])")
        self.values = values
        self.lengths = lengths
    }

    public var batch: Int { values.shape[0] }
    public var positions: Int { values.shape[1] }

    /// `0` at valid positions and `−∞` at padding, `[B, T]`.
    public var additiveMask: Tensor {
        let t = positions
        var m = [Float](repeating: 0, count: batch * t)
        for (b, n) in lengths.enumerated() where n < t { for i in n..<t { m[b * t + i] = -.infinity } }
        return Tensor(m, shape: [batch, t])
    }

    /// `1` at valid positions and `0` at padding, `[B, T, 1]`.
    public var validMask: Tensor {
        let t = positions
        var m = [Float](repeating: 0, count: batch * t)
        for (b, n) in lengths.enumerated() { for i in 0..<n { m[b * t + i] = 1 } }
        return Tensor(m, shape: [batch, t, 1])
    }

    /// The mean over each row's valid positions, `[B, D]`.
    public func maskedMean(_ x: Tensor) -> Tensor {
        let counts = Tensor(lengths.map { 1 / Float($0) }, shape: [batch, 1])
        return (x * validMask).sum(axis: 1) * counts
    }

    /// Rows of `rows` (each `[lengths[b] × D]` flattened) padded into one batch.
    public static func padded(_ rows: [[Float]], dimension d: Int) -> LocalFeatures {
        let lengths = rows.map { $0.count / d }
        let t = lengths.max() ?? 1
        var flat = [Float](repeating: 0, count: rows.count * t * d)
        for (b, row) in rows.enumerated() {
            flat.replaceSubrange((b * t * d)..<(b * t * d + row.count), with: row)
        }
        return LocalFeatures(values: Tensor(flat, shape: [rows.count, t, d]), lengths: lengths)
    }
}

extension Tensor {
    /// `x / √(‖x‖² + 1e-12)` over the last axis: PyTorch's `l2norm` for non-zero rows, and a
    /// finite gradient for the all-zero rows of padded positions (where `x / max(‖x‖, ε)` gives NaN).
    public func paddingSafeL2Normalized() -> Tensor {
        self * (square().sum(axis: -1, keepDims: true) + 1e-12).rsqrt()
    }
}
