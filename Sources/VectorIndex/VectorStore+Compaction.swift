import Foundation

extension VectorStore {
    /// Copies the committed rows `slots`, in that order, into a new store at `url`; row `i` of
    /// the new store is old row `slots[i]`. Rows may change dtype on the way (F32 ⇄ F16).
    ///
    /// The new file is complete and committed before this returns; the caller switches to it
    /// (and renumbers its catalog) and then deletes the old file.
    /// - Complexity: O(slots.count × dimension).
    public func writeCompacted(
        keeping slots: [Int], to url: URL, dtype newType: VectorDType? = nil,
        fingerprint newFingerprint: String? = nil
    ) throws -> VectorStore {
        let target = try VectorStore.create(
            at: url, dimension: dimension, dtype: newType ?? dtype,
            fingerprint: newFingerprint ?? fingerprint)
        var row = [Float](repeating: 0, count: dimension)
        var written = 0
        for slot in slots {
            precondition(slot >= 0 && slot < count, "slot \(slot) is not committed")
            row.withUnsafeMutableBufferPointer {
                copyRows(slot ..< (slot + 1), into: $0.baseAddress!)
            }
            target.append(row)
            written += 1
            if written % 65536 == 0 { try target.commit() }
        }
        try target.commit()
        return target
    }
}
