import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An append-only file of fixed-width vectors addressed by integer slot, read through `mmap`.
///
/// Rows are appended to an in-memory pending buffer and become visible to readers only after
/// ``commit()``: the rows are written and synced first, then the new row count is published in
/// one of two alternating checksummed commit records in the header, and synced again. A process
/// killed at any moment therefore leaves a file whose committed count covers only fully written
/// rows; bytes past it are ignored by readers and overwritten by the next append.
///
/// The store never shrinks a file in place (readers may have it mapped); deleted rows are the
/// caller's business (a slot no live item references is a tombstone), and
/// ``writeCompacted(keeping:to:dtype:fingerprint:)`` copies the live rows to a new file.
///
/// Not thread-safe: one owner at a time. Searches parallelise internally.
public final class VectorStore {
    /// Location of the file.
    public let url: URL
    /// Elements per row.
    public let dimension: Int
    /// Element type of the stored rows.
    public let dtype: VectorDType
    /// The model fingerprint every row is tagged with.
    public let fingerprint: String
    /// Whether this handle may append and commit.
    public let isWritable: Bool
    /// Rows published by the last commit (readers see exactly these).
    public internal(set) var count: Int

    let file: PosixFile
    var sequence: UInt64
    var pending: [Float] = []
    private var region: MappedRegion?

    /// Bytes per stored row.
    public var rowBytes: Int { dimension * dtype.byteWidth }
    /// Rows appended since the last commit.
    public var pendingCount: Int { pending.count / dimension }
    /// Slot the next appended row will get.
    public var nextSlot: Int { count + pendingCount }

    /// Creates a new, empty store atomically (written under a temporary name, synced, renamed).
    ///
    /// - Throws: ``VectorIndexError`` if the file exists or cannot be written.
    public static func create(
        at url: URL, dimension: Int, dtype: VectorDType, fingerprint: String
    ) throws -> VectorStore {
        precondition(dimension > 0, "vector dimension must be positive")
        let header = VectorFileHeader(dtype: dtype, dimension: dimension, fingerprint: fingerprint)
        var bytes = try header.encodedStaticPart()
        bytes += [UInt8](repeating: 0, count: VectorFileHeader.size - bytes.count)
        let first = CommitRecord(sequence: 1, count: 0).encoded()
        let offset = VectorFileHeader.commitRecordOffsets[1]
        bytes.replaceSubrange(offset ..< (offset + first.count), with: first)
        let path = url.path
        guard access(path, F_OK) != 0 else {
            throw VectorIndexError.io(path: path, operation: "create", code: EEXIST)
        }
        let temporary = path + ".tmp"
        unlink(temporary)
        do {
            let file = try PosixFile(path: temporary, flags: O_CREAT | O_EXCL | O_RDWR)
            try bytes.withUnsafeBytes { try file.write($0, at: 0) }
            try file.sync()
        }
        guard rename(temporary, path) == 0 else {
            throw VectorIndexError.io(path: path, operation: "rename", code: errno)
        }
        try PosixFile.syncDirectory(containing: path)
        return try VectorStore(openingAt: url, writable: true)
    }

    /// Opens an existing store and reads its committed count.
    ///
    /// - Throws: ``VectorIndexError`` for a missing, foreign, damaged or truncated file.
    public init(openingAt url: URL, writable: Bool = false) throws {
        self.url = url
        isWritable = writable
        file = try PosixFile(path: url.path, flags: writable ? O_RDWR : O_RDONLY)
        let bytes = try Self.readHeaderBytes(file)
        let header = try VectorFileHeader.decode(bytes, path: url.path)
        dimension = header.dimension
        dtype = header.dtype
        fingerprint = header.fingerprint
        guard let record = Self.latestCommit(in: bytes) else {
            throw VectorIndexError.corruptHeader(path: url.path, reason: "no valid commit record")
        }
        sequence = record.sequence
        count = Int(record.count)
        try checkLength()
    }

    /// Re-reads the committed count (for readers following a concurrent writer).
    public func refresh() throws {
        let bytes = try Self.readHeaderBytes(file)
        guard let record = Self.latestCommit(in: bytes) else {
            throw VectorIndexError.corruptHeader(path: url.path, reason: "no valid commit record")
        }
        sequence = record.sequence
        count = Int(record.count)
        try checkLength()
    }

    /// Size of the file on disk in bytes.
    public func fileSize() throws -> Int { try file.size() }

    // MARK: - Reading

    /// A copy of the row at `slot` (committed or pending), widened to Float.
    public func vector(at slot: Int) -> [Float] {
        precondition(slot >= 0 && slot < nextSlot, "slot \(slot) out of range 0..<\(nextSlot)")
        if slot >= count {
            let start = (slot - count) * dimension
            return Array(pending[start ..< (start + dimension)])
        }
        var out = [Float](repeating: 0, count: dimension)
        out.withUnsafeMutableBufferPointer { copyRows(slot ..< (slot + 1), into: $0.baseAddress!) }
        return out
    }

    /// Widens committed rows `range` into `destination` (`range.count × dimension` floats).
    public func copyRows(_ range: Range<Int>, into destination: UnsafeMutablePointer<Float>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "rows beyond commit")
        if range.isEmpty { return }
        let base = rowsBase(covering: range.upperBound) + range.lowerBound * rowBytes
        let elements = range.count * dimension
        switch dtype {
        case .float32:
            destination.update(from: base.assumingMemoryBound(to: Float.self), count: elements)
        case .float16:
            HalfConversion.widen(
                base.assumingMemoryBound(to: UInt16.self), into: destination, count: elements)
        }
    }

    /// Start of row 0 in a mapping that covers at least `rows` committed rows.
    func rowsBase(covering rows: Int) -> UnsafeRawPointer {
        precondition(rows <= count && rows > 0)
        let needed = VectorFileHeader.size + rows * rowBytes
        if region == nil || region!.length < needed {
            // Map everything committed so later reads do not remap.
            let length = VectorFileHeader.size + count * rowBytes
            do {
                region = try MappedRegion(file: file, length: length)
            } catch {
                preconditionFailure("\(error)")
            }
        }
        return region!.base + VectorFileHeader.size
    }

    // MARK: - Helpers

    private func checkLength() throws {
        let needed = VectorFileHeader.size + count * rowBytes
        let actual = try file.size()
        guard actual >= needed else {
            throw VectorIndexError.truncated(
                path: url.path, expectedBytes: needed, actualBytes: actual)
        }
    }

    static func readHeaderBytes(_ file: PosixFile) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: VectorFileHeader.size)
        do {
            try bytes.withUnsafeMutableBytes { try file.read(into: $0, at: 0) }
        } catch VectorIndexError.truncated {
            throw VectorIndexError.notAVectorFile(path: file.path)
        }
        return bytes
    }

    static func latestCommit(in header: [UInt8]) -> CommitRecord? {
        VectorFileHeader.commitRecordOffsets
            .compactMap { offset in
                CommitRecord.decode(header[offset ..< (offset + VectorFileHeader.commitRecordSize)])
            }
            .max { $0.sequence < $1.sequence }
    }
}
