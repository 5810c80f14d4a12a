/// A row of the store with its similarity to a query.
public struct ScoredSlot: Sendable, Hashable, CustomStringConvertible {
    /// Row index in the store.
    public var slot: Int
    /// Dot product of the (unit) row with the query.
    public var score: Float

    public init(slot: Int, score: Float) {
        self.slot = slot
        self.score = score
    }

    public var description: String { "#\(slot):\(score)" }

    /// Ranking order: higher score first, then lower slot (so ties are deterministic).
    public static func ranksBefore(_ a: ScoredSlot, _ b: ScoredSlot) -> Bool {
        a.score != b.score ? a.score > b.score : a.slot < b.slot
    }
}
