import HeapModule

/// Keeps the `k` best ``ScoredSlot``s seen so far (a bounded min-heap).
///
/// - Complexity: O(log k) per accepted candidate; a rejected candidate costs one comparison.
public struct TopK {
    /// Heap element ordered so that `min` is the worst of the kept results.
    struct Entry: Comparable {
        var item: ScoredSlot
        static func < (a: Entry, b: Entry) -> Bool { ScoredSlot.ranksBefore(b.item, a.item) }
    }

    /// Maximum number of results kept.
    public let k: Int
    private var heap = Heap<Entry>()

    public init(k: Int) {
        precondition(k >= 0, "k must be non-negative")
        self.k = k
        heap.reserveCapacity(k)
    }

    /// Number of results kept so far.
    public var count: Int { heap.count }

    /// The score a candidate must beat once `k` results are kept (−∞ before that).
    @inline(__always)
    public var threshold: Float { heap.count < k ? -.infinity : heap.min!.item.score }

    /// Offers a candidate; NaN scores are ignored.
    @inline(__always)
    public mutating func insert(slot: Int, score: Float) {
        guard k > 0, !score.isNaN else { return }
        let entry = Entry(item: ScoredSlot(slot: slot, score: score))
        if heap.count < k {
            heap.insert(entry)
        } else if heap.min! < entry {
            heap.replaceMin(with: entry)
        }
    }

    /// Merges another partial result into this one.
    public mutating func merge(_ other: TopK) {
        for entry in other.heap.unordered { insert(slot: entry.item.slot, score: entry.item.score) }
    }

    /// The kept results, best first.
    public func sorted() -> [ScoredSlot] {
        heap.unordered.map(\.item).sorted(by: ScoredSlot.ranksBefore)
    }
}
