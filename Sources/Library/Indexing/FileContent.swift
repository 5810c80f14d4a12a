import Foundation
import Hashing

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a file once: size and mtime from the open descriptor, SHA-256 of the bytes, and the
/// bytes themselves when asked (text documents).
struct FileContent {
    enum Failure: Error {
        case vanished
        case unreadable(String)
        case tooLarge(Int)
    }

    var size: Int
    var modifiedNs: Int64
    var readAtNs: Int64
    var sha256: String
    var bytes: [UInt8]?

    static func read(path: String, keepBytes: Bool, maxBytes: Int = .max) throws(Failure)
        -> FileContent
    {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw .vanished }
            throw .unreadable(String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        if keepBytes && size > maxBytes { throw .tooLarge(size) }
        let readAt = nowNanoseconds()
        var hasher = SHA256()
        var kept: [UInt8] = []
        if keepBytes { kept.reserveCapacity(size) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0 ..< n])) }
            if keepBytes {
                kept += buffer[0 ..< n]
                if kept.count > maxBytes { throw .tooLarge(kept.count) }
            }
        }
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        return FileContent(
            size: size, modifiedNs: modified, readAtNs: readAt, sha256: hasher.hexDigest(),
            bytes: keepBytes ? kept : nil)
    }
}

/// Wall-clock time in nanoseconds since 1970.
func nowNanoseconds() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
}
