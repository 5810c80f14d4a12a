/// The fixed 4096-byte header of a vector store file.
///
/// Layout (little-endian):
/// ```
/// 0     "LOUPEVEC" magic                      8 bytes
/// 8     format version                        UInt32
/// 12    dtype (1 = f32, 2 = f16)              UInt32
/// 16    dimension                             UInt32
/// 20    header size (4096)                    UInt32
/// 24    fingerprint length                    UInt32
/// 64    fingerprint, UTF-8                    ≤ 952 bytes
/// 1016  FNV-1a 64 of bytes 0..<1016           UInt64
/// 1024  commit record A                       24 bytes (own 512-byte sector)
/// 1536  commit record B                       24 bytes (own 512-byte sector)
/// 4096  rows, `dimension × dtype.byteWidth` bytes each
/// ```
/// A commit record is `(sequence, count, FNV-1a 64 of both)`. Commits alternate between the two
/// records, so a torn header write can damage at most the record being written, and a reader takes
/// the valid record with the highest sequence.
struct VectorFileHeader: Equatable {
    static let magic: [UInt8] = Array("LOUPEVEC".utf8)
    static let currentVersion: UInt32 = 1
    static let size = 4096
    static let maximumFingerprintBytes = 952
    static let staticChecksumOffset = 1016
    static let commitRecordOffsets = [1024, 1536]
    static let commitRecordSize = 24

    var dtype: VectorDType
    var dimension: Int
    var fingerprint: String

    /// The static part (bytes 0..<1024) with its checksum.
    func encodedStaticPart() throws -> [UInt8] {
        let fingerprintBytes = Array(fingerprint.utf8)
        guard fingerprintBytes.count <= Self.maximumFingerprintBytes else {
            throw VectorIndexError.fingerprintTooLong(
                length: fingerprintBytes.count, maximum: Self.maximumFingerprintBytes)
        }
        var bytes = [UInt8](repeating: 0, count: 1024)
        bytes.replaceSubrange(0 ..< 8, with: Self.magic)
        bytes.storeLE(Self.currentVersion, at: 8)
        bytes.storeLE(dtype.rawValue, at: 12)
        bytes.storeLE(UInt32(dimension), at: 16)
        bytes.storeLE(UInt32(Self.size), at: 20)
        bytes.storeLE(UInt32(fingerprintBytes.count), at: 24)
        bytes.replaceSubrange(64 ..< (64 + fingerprintBytes.count), with: fingerprintBytes)
        let checksum = FNV1a.hash(bytes[0 ..< Self.staticChecksumOffset])
        bytes.storeLE(checksum, at: Self.staticChecksumOffset)
        return bytes
    }

    /// Decodes and validates the static part.
    static func decode(_ bytes: [UInt8], path: String) throws -> VectorFileHeader {
        guard bytes.count >= 1024, Array(bytes[0 ..< 8]) == magic else {
            throw VectorIndexError.notAVectorFile(path: path)
        }
        let version: UInt32 = bytes.loadLE(at: 8)
        guard version <= currentVersion else {
            throw VectorIndexError.unsupportedVersion(path: path, version: version)
        }
        let stored: UInt64 = bytes.loadLE(at: staticChecksumOffset)
        guard stored == FNV1a.hash(bytes[0 ..< staticChecksumOffset]) else {
            throw VectorIndexError.corruptHeader(path: path, reason: "header checksum mismatch")
        }
        let rawType: UInt32 = bytes.loadLE(at: 12)
        guard let dtype = VectorDType(rawValue: rawType) else {
            throw VectorIndexError.corruptHeader(path: path, reason: "unknown dtype \(rawType)")
        }
        let dimension = Int(bytes.loadLE(at: 16) as UInt32)
        let headerSize = Int(bytes.loadLE(at: 20) as UInt32)
        let length = Int(bytes.loadLE(at: 24) as UInt32)
        guard headerSize == size, dimension > 0, length <= maximumFingerprintBytes else {
            throw VectorIndexError.corruptHeader(
                path: path, reason: "header size \(headerSize), dimension \(dimension)")
        }
        let fingerprint = String(decoding: bytes[64 ..< (64 + length)], as: UTF8.self)
        return VectorFileHeader(dtype: dtype, dimension: dimension, fingerprint: fingerprint)
    }
}

/// A published row count: readers trust rows below `count` only.
struct CommitRecord: Equatable {
    var sequence: UInt64
    var count: UInt64

    func encoded() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: VectorFileHeader.commitRecordSize)
        bytes.storeLE(sequence, at: 0)
        bytes.storeLE(count, at: 8)
        bytes.storeLE(Self.checksum(sequence: sequence, count: count), at: 16)
        return bytes
    }

    /// The record in `bytes`, or nil when its checksum does not match (never written, or torn).
    static func decode(_ bytes: ArraySlice<UInt8>) -> CommitRecord? {
        let base = Array(bytes)
        let sequence: UInt64 = base.loadLE(at: 0)
        let count: UInt64 = base.loadLE(at: 8)
        let checksum: UInt64 = base.loadLE(at: 16)
        guard sequence > 0, checksum == Self.checksum(sequence: sequence, count: count) else {
            return nil
        }
        return CommitRecord(sequence: sequence, count: count)
    }

    static func checksum(sequence: UInt64, count: UInt64) -> UInt64 {
        var bytes = [UInt8](repeating: 0, count: 16)
        bytes.storeLE(sequence, at: 0)
        bytes.storeLE(count, at: 8)
        return FNV1a.hash(bytes[...])
    }
}

/// 64-bit FNV-1a, used only to detect damaged header bytes.
enum FNV1a {
    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }
}

extension Array where Element == UInt8 {
    mutating func storeLE<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeMutableBytes {
            $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
        }
    }

    func loadLE<T: FixedWidthInteger>(at offset: Int) -> T {
        withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }
}
