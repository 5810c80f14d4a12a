import Foundation

extension VectorStore {
    /// Appends one row to the pending buffer and returns its slot. Nothing reaches readers
    /// before ``commit()``.
    @discardableResult
    public func append(_ vector: [Float]) -> Int {
        precondition(isWritable, "\(url.path): vector store is open read-only")
        precondition(
            vector.count == dimension, "row has \(vector.count) elements, not \(dimension)")
        let slot = nextSlot
        pending.append(contentsOf: vector)
        return slot
    }

    /// Makes the pending rows durable and visible: write rows, sync, publish the new count in
    /// the other commit record, sync. Does nothing when nothing is pending.
    ///
    /// - Throws: ``VectorIndexError/io(path:operation:code:)``; the pending rows are kept and the
    ///   committed count is unchanged, so the caller may retry or ``discardPending()``.
    public func commit() throws {
        guard isWritable else { throw VectorIndexError.readOnly(path: url.path) }
        let rows = pendingCount
        if rows == 0 { return }
        let offset = VectorFileHeader.size + count * rowBytes
        switch dtype {
        case .float32:
            try pending.withUnsafeBytes { try file.write($0, at: offset) }
        case .float16:
            var half = [UInt16](repeating: 0, count: pending.count)
            pending.withUnsafeBufferPointer { source in
                half.withUnsafeMutableBufferPointer { target in
                    HalfConversion.narrow(
                        source.baseAddress!, into: target.baseAddress!, count: source.count)
                }
            }
            try half.withUnsafeBytes { try file.write($0, at: offset) }
        }
        try file.sync()
        try publish(count: count + rows)
        pending.removeAll(keepingCapacity: true)
    }

    /// Drops the rows appended since the last commit.
    public func discardPending() { pending.removeAll(keepingCapacity: true) }

    /// Publishes a smaller committed count, for a writer undoing rows its catalog never
    /// recorded. The bytes stay in the file (readers may still map them) and are overwritten by
    /// the next append.
    public func rollback(toCount newCount: Int) throws {
        guard isWritable else { throw VectorIndexError.readOnly(path: url.path) }
        precondition(newCount >= 0 && newCount <= count, "rollback to \(newCount) of \(count)")
        discardPending()
        if newCount == count { return }
        try publish(count: newCount)
    }

    private func publish(count newCount: Int) throws {
        let record = CommitRecord(sequence: sequence + 1, count: UInt64(newCount))
        let offset = VectorFileHeader.commitRecordOffsets[Int(record.sequence % 2)]
        try record.encoded().withUnsafeBytes { try file.write($0, at: offset) }
        try file.sync()
        sequence = record.sequence
        count = newCount
    }
}
