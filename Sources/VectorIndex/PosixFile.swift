import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file descriptor with throwing positional I/O; closes itself on deinit.
final class PosixFile {
    let path: String
    let descriptor: Int32

    init(path: String, flags: Int32, mode: mode_t = 0o644) throws {
        self.path = path
        let fd = open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw VectorIndexError.io(path: path, operation: "open", code: errno) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Current size in bytes.
    func size() throws -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure("fstat") }
        return Int(info.st_size)
    }

    /// Writes all of `bytes` at `offset`, retrying short writes and EINTR.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(
                descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("pwrite")
            }
            done += n
        }
    }

    /// Reads exactly `bytes.count` bytes at `offset`; throws `.truncated` at end of file.
    func read(into bytes: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < bytes.count {
            let n = pread(
                descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("pread")
            }
            if n == 0 {
                throw VectorIndexError.truncated(
                    path: path, expectedBytes: offset + bytes.count, actualBytes: offset + done)
            }
            done += n
        }
    }

    /// Flushes data (and the metadata needed to read it back) to stable storage.
    func sync() throws {
        guard fdatasync(descriptor) == 0 else { throw failure("fdatasync") }
    }

    func failure(_ operation: String) -> VectorIndexError {
        .io(path: path, operation: operation, code: errno)
    }

    /// Makes a new directory entry durable by syncing the directory that holds `path`.
    static func syncDirectory(containing path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            throw VectorIndexError.io(path: directory, operation: "open directory", code: errno)
        }
        defer { close(fd) }
        guard fsync(fd) == 0 else {
            throw VectorIndexError.io(path: directory, operation: "fsync directory", code: errno)
        }
    }
}

/// A read-only shared memory mapping of the first `length` bytes of a file.
final class MappedRegion {
    let base: UnsafeRawPointer
    let length: Int

    init(file: PosixFile, length: Int) throws {
        precondition(length > 0, "cannot map an empty region")
        let address = mmap(nil, length, PROT_READ, MAP_SHARED, file.descriptor, 0)
        guard let address, address != MAP_FAILED else { throw file.failure("mmap") }
        base = UnsafeRawPointer(address)
        self.length = length
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), length) }
}
