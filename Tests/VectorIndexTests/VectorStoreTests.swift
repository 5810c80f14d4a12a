import Foundation
import Testing

@testable import VectorIndex

@Suite("Vector store file")
struct VectorStoreTests {
    @Test("Rows round-trip through a reopened file", arguments: VectorDType.allCases)
    func roundTrip(dtype: VectorDType) throws {
        var rng = SeededRandom(seed: 1)
        let rows = (0 ..< 37).map { _ in rng.unitVector(24) }
        let store = try makeStore(rows, dtype: dtype, name: "roundtrip")
        defer { try? FileManager.default.removeItem(at: store.url) }
        let reopened = try VectorStore(openingAt: store.url)
        #expect(reopened.count == rows.count)
        #expect(reopened.dimension == 24)
        #expect(reopened.dtype == dtype)
        #expect(reopened.fingerprint == "test-model")
        for (slot, row) in rows.enumerated() {
            let expected = dtype == .float32 ? row : roundedThroughHalf(row)
            #expect(reopened.vector(at: slot) == expected)
        }
        let size = try reopened.fileSize()
        #expect(size == VectorFileHeader.size + rows.count * 24 * dtype.byteWidth)
    }

    @Test func pendingRowsAreInvisibleUntilCommit() throws {
        var rng = SeededRandom(seed: 2)
        let url = temporaryFile("pending")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try VectorStore.create(
            at: url, dimension: 8, dtype: .float32, fingerprint: "m")
        writer.append(rng.unitVector(8))
        try writer.commit()
        let reader = try VectorStore(openingAt: url)
        let pendingRow = rng.unitVector(8)
        let slot = writer.append(pendingRow)
        #expect(slot == 1)
        #expect(writer.vector(at: 1) == pendingRow)
        try reader.refresh()
        #expect(reader.count == 1)
        try writer.commit()
        try reader.refresh()
        #expect(reader.count == 2)
        #expect(reader.vector(at: 1) == pendingRow)
    }

    /// Bytes written past the committed count (a crash between writing rows and publishing the
    /// count) are ignored by readers and overwritten by the next append.
    @Test func uncommittedTailIsIgnoredAndOverwritten() throws {
        var rng = SeededRandom(seed: 4)
        let rows = (0 ..< 5).map { _ in rng.unitVector(16) }
        let store = try makeStore(rows, dtype: .float32, name: "tail")
        defer { try? FileManager.default.removeItem(at: store.url) }
        let handle = try FileHandle(forWritingTo: store.url)
        try handle.seekToEnd()
        handle.write(Data(repeating: 0xAB, count: 16 * 4 * 2 + 7))  // two rows and a torn third
        try handle.close()
        let reopened = try VectorStore(openingAt: store.url, writable: true)
        #expect(reopened.count == 5)
        let next = rng.unitVector(16)
        #expect(reopened.append(next) == 5)
        try reopened.commit()
        let again = try VectorStore(openingAt: store.url)
        #expect(again.count == 6)
        #expect(again.vector(at: 5) == next)
        #expect(again.vector(at: 4) == rows[4])
    }

    /// A damaged newest commit record (torn header write) falls back to the previous one.
    @Test func tornCommitRecordFallsBackToPreviousCount() throws {
        var rng = SeededRandom(seed: 5)
        let url = temporaryFile("torn")
        defer { try? FileManager.default.removeItem(at: url) }
        let store = try VectorStore.create(at: url, dimension: 4, dtype: .float32, fingerprint: "m")
        store.append(rng.unitVector(4))
        try store.commit()  // sequence 2, count 1
        store.append(rng.unitVector(4))
        try store.commit()  // sequence 3, count 2
        let newest = VectorFileHeader.commitRecordOffsets[3 % 2]
        try overwrite(url, at: newest + 8, with: [0xFF, 0x00, 0x13])
        let reopened = try VectorStore(openingAt: url)
        #expect(reopened.count == 1)
        let older = VectorFileHeader.commitRecordOffsets[2 % 2]
        try overwrite(url, at: older + 20, with: [0x55])
        #expect(
            throws: VectorIndexError.corruptHeader(path: url.path, reason: "no valid commit record")
        ) {
            try VectorStore(openingAt: url)
        }
    }

    @Test func foreignDamagedAndTruncatedFilesAreRefused() throws {
        let foreign = temporaryFile("foreign")
        defer { try? FileManager.default.removeItem(at: foreign) }
        try Data(repeating: 7, count: 5000).write(to: foreign)
        #expect(throws: VectorIndexError.notAVectorFile(path: foreign.path)) {
            try VectorStore(openingAt: foreign)
        }
        var rng = SeededRandom(seed: 6)
        let store = try makeStore(
            (0 ..< 3).map { _ in rng.unitVector(8) }, dtype: .float32, name: "cut")
        defer { try? FileManager.default.removeItem(at: store.url) }
        try overwrite(store.url, at: 30, with: [1])  // inside the checksummed static header
        #expect(
            throws: VectorIndexError.corruptHeader(
                path: store.url.path, reason: "header checksum mismatch")
        ) {
            try VectorStore(openingAt: store.url)
        }
        try overwrite(store.url, at: 30, with: [0])
        _ = try VectorStore(openingAt: store.url)
        try FileManager.default.removeItem(at: store.url)
        let short = try makeStore(
            (0 ..< 3).map { _ in rng.unitVector(8) }, dtype: .float32, name: "cut")
        let handle = try FileHandle(forWritingTo: short.url)
        try handle.truncate(atOffset: UInt64(VectorFileHeader.size + 8 * 4 * 2))
        try handle.close()
        #expect(
            throws: VectorIndexError.truncated(
                path: short.url.path, expectedBytes: VectorFileHeader.size + 8 * 4 * 3,
                actualBytes: VectorFileHeader.size + 8 * 4 * 2)
        ) {
            try VectorStore(openingAt: short.url)
        }
        try? FileManager.default.removeItem(at: short.url)
    }

    @Test func rollbackPublishesSmallerCount() throws {
        var rng = SeededRandom(seed: 7)
        let rows = (0 ..< 6).map { _ in rng.unitVector(8) }
        let store = try makeStore(rows, dtype: .float16, name: "rollback")
        defer { try? FileManager.default.removeItem(at: store.url) }
        let writer = try VectorStore(openingAt: store.url, writable: true)
        try writer.rollback(toCount: 4)
        #expect(try VectorStore(openingAt: store.url).count == 4)
        let replacement = rng.unitVector(8)
        #expect(writer.append(replacement) == 4)
        try writer.commit()
        let reader = try VectorStore(openingAt: store.url)
        #expect(reader.count == 5)
        #expect(reader.vector(at: 4) == roundedThroughHalf(replacement))
        #expect(reader.vector(at: 3) == roundedThroughHalf(rows[3]))
    }

    @Test func oversizedFingerprintIsRefused() {
        let url = temporaryFile("fp")
        let long = String(repeating: "x", count: VectorFileHeader.maximumFingerprintBytes + 1)
        #expect(
            throws: VectorIndexError.fingerprintTooLong(
                length: long.utf8.count, maximum: VectorFileHeader.maximumFingerprintBytes)
        ) {
            try VectorStore.create(at: url, dimension: 4, dtype: .float32, fingerprint: long)
        }
    }

    @Test func readOnlyStoreRefusesCommit() throws {
        var rng = SeededRandom(seed: 8)
        let store = try makeStore([rng.unitVector(4)], dtype: .float32, name: "ro")
        defer { try? FileManager.default.removeItem(at: store.url) }
        let reader = try VectorStore(openingAt: store.url)
        #expect(throws: VectorIndexError.readOnly(path: store.url.path)) { try reader.commit() }
    }

    @Test(
        "Compaction keeps the chosen rows in order, optionally converting dtype",
        arguments: [
            (VectorDType.float32, VectorDType.float16), (.float16, .float32), (.float32, .float32),
        ])
    func compaction(from: VectorDType, to: VectorDType) throws {
        var rng = SeededRandom(seed: 9)
        let rows = (0 ..< 20).map { _ in rng.unitVector(12) }
        let store = try makeStore(rows, dtype: from, name: "compact-src")
        defer { try? FileManager.default.removeItem(at: store.url) }
        let keep = [3, 4, 9, 15, 19]
        let target = temporaryFile("compact-dst")
        defer { try? FileManager.default.removeItem(at: target) }
        let compacted = try store.writeCompacted(keeping: keep, to: target, dtype: to)
        #expect(compacted.count == keep.count)
        #expect(compacted.dtype == to)
        for (newSlot, oldSlot) in keep.enumerated() {
            var expected = from == .float16 ? roundedThroughHalf(rows[oldSlot]) : rows[oldSlot]
            if to == .float16 { expected = roundedThroughHalf(expected) }
            #expect(compacted.vector(at: newSlot) == expected)
        }
    }

    private func overwrite(_ url: URL, at offset: Int, with bytes: [UInt8]) throws {
        let handle = try FileHandle(forUpdating: url)
        try handle.seek(toOffset: UInt64(offset))
        handle.write(Data(bytes))
        try handle.close()
    }
}
