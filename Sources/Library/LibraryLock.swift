import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The exclusive writer lock of a library directory (`flock` on `<dir>/lock`).
///
/// The kernel releases it when the process dies, even by SIGKILL, so a crashed indexer never
/// leaves a stale lock. Readers take no lock.
final class LibraryLock {
    private let descriptor: Int32

    /// Takes the lock without waiting.
    ///
    /// - Throws: ``LibraryError/busy(directory:holder:)`` naming the holder's pid.
    init(directory: URL) throws {
        let path = directory.appendingPathComponent("lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw LibraryError.indexingFailed(
                reason: "\(path): cannot open lock file (errno \(errno))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 64)
            let n = pread(fd, &buffer, buffer.count, 0)
            close(fd)
            let holder = n > 0 ? String(decoding: buffer[0 ..< n], as: UTF8.self) : "unknown pid"
            throw LibraryError.busy(directory: directory.path, holder: holder)
        }
        descriptor = fd
        let text = "pid \(getpid())"
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, text, text.utf8.count, 0)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
