import Foundation
import TensorCore

/// Errors from loading named weights into a module tree.
public enum WeightLoadingError: Error, CustomStringConvertible, Equatable {
    /// Every problem found in one pass: keys the model needs but the weights lack, keys the
    /// model does not know, and keys whose shapes differ.
    case mismatch(missing: [String], unexpected: [String], shapeMismatches: [ShapeMismatch])

    public struct ShapeMismatch: Equatable, Sendable, CustomStringConvertible {
        public let key: String
        public let expected: [Int]
        public let actual: [Int]
        public init(key: String, expected: [Int], actual: [Int]) {
            self.key = key
            self.expected = expected
            self.actual = actual
        }
        public var description: String { "\(key): model expects \(expected), weights have \(actual)" }
    }

    public var description: String {
        guard case let .mismatch(missing, unexpected, shapes) = self else { return "" }
        var lines = ["weights do not match the model:"]
        if !missing.isEmpty { lines.append("  missing keys (\(missing.count)): " + missing.joined(separator: ", ")) }
        if !unexpected.isEmpty {
            lines.append("  unexpected keys (\(unexpected.count)): " + unexpected.joined(separator: ", "))
        }
        if !shapes.isEmpty {
            lines.append("  shape mismatches (\(shapes.count)): " + shapes.map(\.description).joined(separator: "; "))
        }
        return lines.joined(separator: "\n")
    }
}

/// A node of a model: owns parameters and child modules under dotted names, as in PyTorch state
/// dicts (`visual.transformer.resblocks.3.mlp.c_fc.weight`).
///
/// Subclasses list their parameters and children explicitly; no reflection is involved.
open class Module {
    /// Whether layers such as dropout are in training mode.
    public private(set) var isTraining = false

    public init() {}

    /// Parameters held directly by this module, with their local names.
    open var ownParameters: [(String, Parameter)] { [] }
    /// Child modules with their local names.
    open var children: [(String, Module)] { [] }

    /// Every parameter of the tree, keyed by its full dotted name.
    public func namedParameters(prefix: String = "") -> [(String, Parameter)] {
        var result = ownParameters.map { (prefix + $0.0, $0.1) }
        for (name, child) in children {
            // An unnamed child contributes its parameters at this module's level.
            result += child.namedParameters(prefix: name.isEmpty ? prefix : prefix + name + ".")
        }
        return result
    }

    /// The parameters as a name → parameter map.
    public var parameterMap: [String: Parameter] {
        Dictionary(namedParameters(), uniquingKeysWith: { first, _ in first })
    }

    /// Total number of scalar parameters.
    public var parameterCount: Int { namedParameters().reduce(0) { $0 + $1.1.value.count } }

    /// Current values of every parameter by full name (a PyTorch state dict).
    public func stateDict() -> [String: Tensor] {
        Dictionary(namedParameters().map { ($0.0, $0.1.value.detached()) }, uniquingKeysWith: { a, _ in a })
    }

    /// Loads `weights` by full name.
    ///
    /// - Parameter strict: when true, missing and unexpected keys are errors; shape mismatches
    ///   are always errors. All problems are reported together.
    /// - Returns: the keys of `weights` that were not used (empty when strict).
    @discardableResult
    public func load(_ weights: [String: Tensor], strict: Bool = true) throws -> [String] {
        let params = namedParameters()
        var missing: [String] = []
        var mismatches: [WeightLoadingError.ShapeMismatch] = []
        for (name, p) in params {
            guard let w = weights[name] else {
                missing.append(name)
                continue
            }
            if w.shape != p.shape {
                mismatches.append(.init(key: name, expected: p.shape, actual: w.shape))
            }
        }
        let known = Set(params.map(\.0))
        let unexpected = weights.keys.filter { !known.contains($0) }.sorted()
        if !mismatches.isEmpty || (strict && (!missing.isEmpty || !unexpected.isEmpty)) {
            throw WeightLoadingError.mismatch(
                missing: missing.sorted(), unexpected: strict ? unexpected : [],
                shapeMismatches: mismatches.sorted { $0.key < $1.key })
        }
        for (name, p) in params { if let w = weights[name] { p.assign(w) } }
        return unexpected
    }

    /// Switches this module and its children between training and inference behaviour.
    public func train(_ on: Bool = true) {
        isTraining = on
        for (_, child) in children { child.train(on) }
    }

    /// Clears the gradients of every parameter.
    public func zeroGrad() { for (_, p) in namedParameters() { p.zeroGrad() } }

    /// Freezes (or unfreezes) every parameter whose full name matches `predicate`.
    public func setRequiresGrad(_ on: Bool, where predicate: (String) -> Bool = { _ in true }) {
        for (name, p) in namedParameters() where predicate(name) { p.requiresGrad = on }
    }
}

/// An indexed list of modules named `0`, `1`, … (PyTorch `ModuleList`).
public final class ModuleList<Element: Module>: Module {
    public let items: [Element]
    public init(_ items: [Element]) { self.items = items }
    override public var children: [(String, Module)] { items.enumerated().map { (String($0.offset), $0.element) } }
    public subscript(i: Int) -> Element { items[i] }
    public var count: Int { items.count }
}
