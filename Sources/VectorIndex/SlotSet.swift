/// A set of slots as a bitset, used to restrict a search (live rows, kind, path, date).
public struct SlotSet: Sendable, Equatable {
    private(set) var words: [UInt64]
    /// Number of slots the set can address (`0..<capacity`).
    public let capacity: Int

    /// An empty set for slots `0..<capacity`.
    public init(capacity: Int) {
        precondition(capacity >= 0)
        self.capacity = capacity
        words = [UInt64](repeating: 0, count: (capacity + 63) / 64)
    }

    /// A set holding `slots` (each must be below `capacity`).
    public init<S: Sequence>(capacity: Int, slots: S) where S.Element == Int {
        self.init(capacity: capacity)
        for slot in slots { insert(slot) }
    }

    /// Adds `slot`.
    @inline(__always)
    public mutating func insert(_ slot: Int) {
        precondition(slot >= 0 && slot < capacity, "slot \(slot) outside 0..<\(capacity)")
        words[slot >> 6] |= 1 << UInt64(slot & 63)
    }

    /// Removes `slot`.
    public mutating func remove(_ slot: Int) {
        precondition(slot >= 0 && slot < capacity, "slot \(slot) outside 0..<\(capacity)")
        words[slot >> 6] &= ~(1 << UInt64(slot & 63))
    }

    /// Whether `slot` is in the set; slots at or past `capacity` never are.
    @inline(__always)
    public func contains(_ slot: Int) -> Bool {
        slot >= 0 && slot < capacity && words[slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    /// Number of slots in the set.
    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// The slots in increasing order.
    public var slots: [Int] {
        var out: [Int] = []
        for (index, word) in words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                out.append(index * 64 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return out
    }

    /// Slots in both sets.
    public func intersection(_ other: SlotSet) -> SlotSet {
        var result = SlotSet(capacity: min(capacity, other.capacity))
        for i in 0 ..< result.words.count { result.words[i] = words[i] & other.words[i] }
        if result.capacity % 64 != 0, !result.words.isEmpty {
            result.words[result.words.count - 1] &= (1 << UInt64(result.capacity % 64)) - 1
        }
        return result
    }
}
