import Testing

/// Where two arrays disagree beyond `atol + rtol·|expected|`, if anywhere.
public struct CloseMismatch: CustomStringConvertible {
    public let index: Int
    public let actual: Double
    public let expected: Double
    public let maxAbsDiff: Double
    public let count: Int
    public var description: String {
        "first mismatch at index \(index): \(actual) vs \(expected); max |diff| \(maxAbsDiff) over \(count) values"
    }
}

/// Compares element-wise with `|a − e| ≤ atol + rtol·|e|`; returns the first failure, if any.
public func firstMismatch<A: BinaryFloatingPoint, E: BinaryFloatingPoint>(
    _ actual: [A], _ expected: [E], rtol: Double, atol: Double
) -> CloseMismatch? {
    guard actual.count == expected.count else {
        return CloseMismatch(index: -1, actual: Double(actual.count), expected: Double(expected.count),
                             maxAbsDiff: .infinity, count: 0)
    }
    var maxDiff = 0.0
    var first: Int?
    for i in actual.indices {
        let a = Double(actual[i]), e = Double(expected[i])
        let d = Swift.abs(a - e)
        if d.isNaN || d > atol + rtol * Swift.abs(e) { if first == nil { first = i } }
        maxDiff = Swift.max(maxDiff, d.isNaN ? .infinity : d)
    }
    guard let i = first else { return nil }
    return CloseMismatch(index: i, actual: Double(actual[i]), expected: Double(expected[i]),
                         maxAbsDiff: maxDiff, count: actual.count)
}

/// Records a test issue, with the max difference and first bad index, unless the arrays agree.
public func assertClose<A: BinaryFloatingPoint, E: BinaryFloatingPoint>(
    _ actual: [A], _ expected: [E], rtol: Double = 1e-5, atol: Double = 1e-6,
    _ label: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
    if actual.count != expected.count {
        Issue.record("\(label): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    if let m = firstMismatch(actual, expected, rtol: rtol, atol: atol) {
        Issue.record("\(label): \(m)", sourceLocation: sourceLocation)
    }
}

/// The largest relative error ‖a − e‖ / ‖e‖ (per-tensor norm, as gradient parity checks use).
public func relativeNormError<A: BinaryFloatingPoint, E: BinaryFloatingPoint>(_ a: [A], _ e: [E]) -> Double {
    precondition(a.count == e.count)
    var num = 0.0, den = 0.0
    for i in a.indices {
        let d = Double(a[i]) - Double(e[i])
        num += d * d
        den += Double(e[i]) * Double(e[i])
    }
    return den == 0 ? num.squareRoot() : (num / den).squareRoot()
}
