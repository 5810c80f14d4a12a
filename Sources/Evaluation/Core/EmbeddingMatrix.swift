import CBLAS
import Foundation

/// Row-major `[rows, columns]` Float32 matrix of embeddings.
public struct EmbeddingMatrix: Sendable, Equatable {
    /// Number of vectors.
    public let rows: Int
    /// Vector length.
    public let columns: Int
    /// `rows * columns` values, row after row.
    public private(set) var values: [Float]

    /// Wraps `values` (`rows * columns` of them).
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(
            values.count == rows * columns,
            "EmbeddingMatrix: \(values.count) values for [\(rows), \(columns)]")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Stacks equal-length vectors; `columns` is used when `vectors` is empty.
    public init(_ vectors: [[Float]], columns: Int? = nil) {
        let width = vectors.first?.count ?? columns ?? 0
        var flat: [Float] = []
        flat.reserveCapacity(vectors.count * width)
        for (i, vector) in vectors.enumerated() {
            precondition(
                vector.count == width,
                "EmbeddingMatrix: row \(i) has \(vector.count) values, expected \(width)")
            flat.append(contentsOf: vector)
        }
        self.init(rows: vectors.count, columns: width, values: flat)
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Float] { Array(values[(i * columns) ..< ((i + 1) * columns)]) }

    /// The rows at `indices`, in that order.
    public func selecting(rows indices: [Int]) -> EmbeddingMatrix {
        var flat: [Float] = []
        flat.reserveCapacity(indices.count * columns)
        for i in indices { flat.append(contentsOf: values[(i * columns) ..< ((i + 1) * columns)]) }
        return EmbeddingMatrix(rows: indices.count, columns: columns, values: flat)
    }

    /// Every row divided by its L2 norm (norms computed in Float64); zero rows stay zero.
    public func l2Normalized() -> EmbeddingMatrix {
        var out = values
        for r in 0 ..< rows {
            let base = r * columns
            var squares = 0.0
            for c in 0 ..< columns {
                squares += Double(values[base + c]) * Double(values[base + c])
            }
            guard squares > 0 else { continue }
            let scale = 1 / squares.squareRoot()
            for c in 0 ..< columns { out[base + c] = Float(Double(values[base + c]) * scale) }
        }
        return EmbeddingMatrix(rows: rows, columns: columns, values: out)
    }

    /// Dot products of rows `rowRange` of `self` with every row of `other`:
    /// `[rowRange.count, other.rows]`, computed with one `cblas_sgemm`.
    public func dotProducts(rows rowRange: Range<Int>, with other: EmbeddingMatrix) -> [Float] {
        precondition(
            columns == other.columns,
            "dotProducts: widths \(columns) and \(other.columns) differ")
        let m = rowRange.count
        let n = other.rows
        var out = [Float](repeating: 0, count: m * n)
        guard m > 0, n > 0, columns > 0 else { return out }
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { c in
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n),
                        Int32(columns), 1, a.baseAddress! + rowRange.lowerBound * columns,
                        Int32(columns), b.baseAddress!, Int32(columns), 0, c.baseAddress!,
                        Int32(n))
                }
            }
        }
        return out
    }

    /// Dot product of row `i` with row `j` of `other`, accumulated in Float64.
    public func dot(_ i: Int, _ other: EmbeddingMatrix, _ j: Int) -> Double {
        precondition(columns == other.columns, "dot: widths \(columns) and \(other.columns) differ")
        var total = 0.0
        let a = i * columns
        let b = j * other.columns
        for c in 0 ..< columns { total += Double(values[a + c]) * Double(other.values[b + c]) }
        return total
    }
}
