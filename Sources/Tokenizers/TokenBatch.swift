/// Token ids of several texts padded to one length, with their attention mask.
public struct TokenBatch: Sendable, Equatable {
    /// `[batch][length]` ids, padded on the right with the pad id.
    public let ids: [[Int]]
    /// `[batch][length]`: 1 for real tokens (including `[CLS]` and `[SEP]`), 0 for padding.
    public let mask: [[Int]]

    public init(ids: [[Int]], mask: [[Int]]) {
        precondition(ids.count == mask.count && zip(ids, mask).allSatisfy { $0.count == $1.count },
                     "token batch ids and mask differ in shape")
        precondition(Set(ids.map(\.count)).count <= 1, "token batch rows differ in length")
        self.ids = ids
        self.mask = mask
    }

    public var batchSize: Int { ids.count }
    /// Tokens per row (the longest text's, or the fixed padding length).
    public var length: Int { ids.first?.count ?? 0 }
    /// Real tokens per row.
    public var lengths: [Int] { mask.map { $0.reduce(0, +) } }
    /// The ids row-major, `[batch · length]`.
    public var flatIds: [Int] { ids.flatMap { $0 } }
    /// The mask row-major, `[batch · length]`.
    public var flatMask: [Int] { mask.flatMap { $0 } }
}
