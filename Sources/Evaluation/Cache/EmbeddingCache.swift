import Foundation
import Hashing

#if canImport(Glibc)
    import Glibc
#endif

/// On-disk embedding cache keyed by model fingerprint and SHA-256 of the input.
///
/// One append-only file per fingerprint (`<directory>/<name>.embcache`): a header line naming the
/// fingerprint, then records `"REC1" | key (32 B) | dim (UInt32 LE) | dim × Float32 LE |
/// FNV-1a-64 checksum (UInt64 LE)`. Each batch of records is appended with one `write` under
/// an exclusive `flock` and then `fsync`ed. A run killed mid-write leaves a torn last record;
/// loading stops at the first record whose length or checksum is wrong and the next append
/// truncates the tail first, so an interrupted run never corrupts earlier entries.
public final class EmbeddingCache {
    /// The folder holding the cache files.
    public let directory: URL
    private var loaded: [String: [CacheKey: [Float]]] = [:]
    private var validLength: [String: UInt64] = [:]

    private static let magic: [UInt8] = Array("REC1".utf8)

    /// Opens (creating if needed) a cache in `directory`.
    public init(directory: URL) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true)
        } catch {
            throw EvaluationError.cache(
                path: directory.path, problem: "cannot create: \(error.localizedDescription)")
        }
    }

    /// The file that holds vectors of `fingerprint`.
    public func fileURL(for fingerprint: String) -> URL {
        let safe = fingerprint.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII
                || "._-".unicodeScalars.contains($0)
        }
        let name =
            safe && !fingerprint.isEmpty && fingerprint.count <= 80
            ? fingerprint : "fp-" + String(SHA256.hex(Data(fingerprint.utf8)).prefix(40))
        return directory.appendingPathComponent(name + ".embcache")
    }

    /// The cached vector for `key` under `fingerprint`, if any.
    public func vector(fingerprint: String, key: CacheKey) throws -> [Float]? {
        try entries(for: fingerprint)[key]
    }

    /// Number of vectors cached under `fingerprint`.
    public func count(fingerprint: String) throws -> Int { try entries(for: fingerprint).count }

    /// Appends `items` (skipping keys already present) and flushes them to disk.
    public func store(fingerprint: String, _ items: [(key: CacheKey, vector: [Float])]) throws {
        var known = try entries(for: fingerprint)
        var payload = Data()
        for item in items where known[item.key] == nil {
            payload.append(Self.record(key: item.key, vector: item.vector))
            known[item.key] = item.vector
        }
        guard !payload.isEmpty else { return }
        let url = fileURL(for: fingerprint)
        let path = url.path
        if !FileManager.default.fileExists(atPath: path) {
            let header = Data(Self.header(fingerprint).utf8)
            guard FileManager.default.createFile(atPath: path, contents: header) else {
                throw EvaluationError.cache(path: path, problem: "cannot create file")
            }
            validLength[fingerprint] = UInt64(header.count)
        }
        do {
            let handle = try FileHandle(forUpdating: url)
            defer { try? handle.close() }
            flock(handle.fileDescriptor, LOCK_EX)
            defer { flock(handle.fileDescriptor, LOCK_UN) }
            var valid = validLength[fingerprint] ?? 0
            let end = try handle.seekToEnd()
            if valid < end {
                // Another writer may have appended since we loaded: keep its valid records,
                // drop only a torn tail.
                try handle.seek(toOffset: valid)
                let tail = [UInt8](try handle.readToEnd() ?? Data())
                var offset = 0
                while let (key, vector, next) = Self.parseRecord(tail, at: offset) {
                    if known[key] == nil { known[key] = vector }
                    offset = next
                }
                valid += UInt64(offset)
                if valid < end { try handle.truncate(atOffset: valid) }
                try handle.seek(toOffset: valid)
            }
            try handle.write(contentsOf: payload)
            try handle.synchronize()
            validLength[fingerprint] = try handle.offset()
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw EvaluationError.cache(path: path, problem: "write failed: \(error)")
        }
        loaded[fingerprint] = known
    }

    // MARK: - Reading

    private static func header(_ fingerprint: String) -> String {
        "loupe-embedding-cache v1 " + fingerprint.replacingOccurrences(of: "\n", with: " ") + "\n"
    }

    private func entries(for fingerprint: String) throws -> [CacheKey: [Float]] {
        if let known = loaded[fingerprint] { return known }
        let url = fileURL(for: fingerprint)
        var result: [CacheKey: [Float]] = [:]
        guard FileManager.default.fileExists(atPath: url.path) else {
            loaded[fingerprint] = result
            return result
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw EvaluationError.cache(path: url.path, problem: "unreadable: \(error)")
        }
        let bytes = [UInt8](data)
        let header = Array(Self.header(fingerprint).utf8)
        guard bytes.count >= header.count, Array(bytes[0 ..< header.count]) == header else {
            throw EvaluationError.cache(
                path: url.path, problem: "header does not name fingerprint \(fingerprint)")
        }
        var offset = header.count
        while let (key, vector, next) = Self.parseRecord(bytes, at: offset) {
            result[key] = vector
            offset = next
        }
        validLength[fingerprint] = UInt64(offset)
        loaded[fingerprint] = result
        return result
    }

    private static func record(key: CacheKey, vector: [Float]) -> Data {
        var body: [UInt8] = key.bytes
        appendLittleEndian(UInt32(vector.count), to: &body)
        for value in vector { appendLittleEndian(value.bitPattern, to: &body) }
        var out = magic + body
        appendLittleEndian(fnv1a(body), to: &out)
        return Data(out)
    }

    private static func parseRecord(_ bytes: [UInt8], at offset: Int)
        -> (CacheKey, [Float], Int)?
    {
        let fixed = 4 + 32 + 4
        guard offset + fixed <= bytes.count, Array(bytes[offset ..< (offset + 4)]) == magic else {
            return nil
        }
        let dim = Int(readLittleEndian(bytes, at: offset + 36, as: UInt32.self))
        let end = offset + fixed + 4 * dim + 8
        guard dim <= 1 << 20, end <= bytes.count else { return nil }
        let body = Array(bytes[(offset + 4) ..< (end - 8)])
        guard fnv1a(body) == readLittleEndian(bytes, at: end - 8, as: UInt64.self) else {
            return nil
        }
        let vector = (0 ..< dim).map {
            Float(bitPattern: readLittleEndian(bytes, at: offset + fixed + 4 * $0, as: UInt32.self))
        }
        return (CacheKey(bytes: Array(body[0 ..< 32])), vector, end)
    }

    private static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    private static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8])
    {
        for i in 0 ..< (T.bitWidth / 8) { out.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
    }

    private static func readLittleEndian<T: FixedWidthInteger>(
        _ bytes: [UInt8], at offset: Int, as type: T.Type
    ) -> T {
        var value: T = 0
        for i in 0 ..< (T.bitWidth / 8) { value |= T(bytes[offset + i]) << (8 * i) }
        return value
    }
}
