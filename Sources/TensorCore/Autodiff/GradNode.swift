/// One recorded step of the autodiff tape.
///
/// A leaf node belongs to a tensor created with `requiresGrad` (a parameter); its ``grad``
/// accumulates across `backward()` calls until ``zeroGrad()``. An interior node belongs to an op
/// result and holds the op's pullback: given the gradient of the output, the gradients of its
/// inputs, in the order of ``parents``.
public final class GradNode: @unchecked Sendable {
    public private(set) var parents: [GradNode]
    private(set) var pullback: ((Tensor) -> [Tensor?])?
    public let opName: String
    /// The accumulated gradient (for leaves after `backward()`; interior nodes only during it).
    public internal(set) var grad: Tensor?

    /// A leaf node.
    init() {
        parents = []
        pullback = nil
        opName = "leaf"
    }

    init(op: String, parents: [GradNode], pullback: @escaping (Tensor) -> [Tensor?]) {
        self.opName = op
        self.parents = parents
        self.pullback = pullback
    }

    public var isLeaf: Bool { pullback == nil }

    /// Tears long chains down iteratively: the default recursive release of a 100k-node tape
    /// would overflow the stack.
    deinit {
        var stack = parents
        parents = []
        pullback = nil
        while var node = stack.popLast() {
            guard isKnownUniquelyReferenced(&node) else { continue }
            stack.append(contentsOf: node.parents)
            node.parents = []
            node.pullback = nil
        }
    }

    /// Clears the accumulated gradient.
    public func zeroGrad() { grad = nil }

    func accumulate(_ g: Tensor) {
        if let existing = grad {
            grad = existing.addingInPlaceOrCopy(g)
        } else {
            grad = g
        }
    }
}

extension Tensor {
    /// Whether gradients flow back to this tensor.
    public var requiresGrad: Bool { gradNode != nil }

    /// The gradient accumulated for this leaf tensor by `backward()`, if any.
    public var grad: Tensor? { gradNode?.grad }

    /// This tensor marked as a leaf that accumulates a gradient (a trainable parameter).
    public func requiringGrad() -> Tensor {
        var t = Tensor(shape: shape, storage: storage)
        t.gradNode = GradNode()
        return t
    }

    /// The same values cut off from the tape: no gradient flows through the result.
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }

    /// Attaches a backward rule to an op result when recording is on and any input needs it.
    ///
    /// `pullback` maps the output gradient to one gradient per input (`nil` for inputs that need
    /// none). It must not capture `self` with its node, only values computed in the forward pass.
    func recording(
        _ op: String, inputs: [Tensor], pullback: @escaping (Tensor) -> [Tensor?]
    ) -> Tensor {
        guard GradMode.isEnabled else { return self }
        let nodes = inputs.map(\.gradNode)
        guard nodes.contains(where: { $0 != nil }) else { return self }
        // Inputs that do not require a gradient get a placeholder with no consumers.
        let parents = nodes.map { $0 ?? GradNode.constant }
        var out = self
        out.gradNode = GradNode(op: op, parents: parents, pullback: pullback)
        return out
    }

    /// Back-propagates from this scalar, accumulating into every leaf's ``grad``.
    public func backward() {
        precondition(count == 1, "backward() needs a scalar, got shape \(shape)")
        backward(seed: Tensor.full(shape, 1))
    }

    /// Back-propagates a given output gradient `seed` (same shape as `self`).
    public func backward(seed: Tensor) {
        precondition(seed.shape == shape, "seed shape \(seed.shape) ≠ \(shape)")
        guard let root = gradNode else { return }
        let order = GradNode.topologicalOrder(from: root)
        noGrad {
            root.accumulate(seed)
            for node in order.reversed() {
                guard let pullback = node.pullback, let g = node.grad else { continue }
                node.grad = nil  // interior gradients are released as soon as they are used
                let inputGrads = pullback(g)
                for (parent, pg) in zip(node.parents, inputGrads) {
                    guard let pg, parent !== GradNode.constant else { continue }
                    parent.accumulate(pg)
                }
            }
        }
    }
}

extension GradNode {
    /// Stands for inputs that take no gradient; never accumulates.
    static let constant = GradNode()

    /// Nodes reachable from `root`, each after all of its parents.
    static func topologicalOrder(from root: GradNode) -> [GradNode] {
        var order: [GradNode] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(GradNode, Bool)] = [(root, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded {
                order.append(node)
                continue
            }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for p in node.parents where !visited.contains(ObjectIdentifier(p)) {
                stack.append((p, false))
            }
        }
        return order
    }
}
