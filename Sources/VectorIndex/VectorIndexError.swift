import Foundation

/// Failures reading or writing a vector store file.
public enum VectorIndexError: Error, Equatable, CustomStringConvertible {
    /// A system call failed; `operation` names it and `code` is `errno`.
    case io(path: String, operation: String, code: Int32)
    /// The file does not start with the vector store magic.
    case notAVectorFile(path: String)
    /// The file was written by a newer format version.
    case unsupportedVersion(path: String, version: UInt32)
    /// The fixed header is damaged (bad checksum, unknown dtype, no valid commit record).
    case corruptHeader(path: String, reason: String)
    /// The file holds fewer bytes than its committed row count needs.
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// The model fingerprint does not fit in the header.
    case fingerprintTooLong(length: Int, maximum: Int)
    /// A write was attempted on a store opened read-only.
    case readOnly(path: String)

    public var description: String {
        switch self {
        case .io(let path, let operation, let code):
            return
                "\(path): \(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .notAVectorFile(let path):
            return "\(path): not a Loupe vector store (bad magic)"
        case .unsupportedVersion(let path, let version):
            return "\(path): vector store format version \(version) is newer than this Loupe "
                + "supports (\(VectorFileHeader.currentVersion))"
        case .corruptHeader(let path, let reason):
            return "\(path): corrupt vector store header: \(reason)"
        case .truncated(let path, let expected, let actual):
            return "\(path): vector store truncated: committed rows need \(expected) bytes, "
                + "file has \(actual)"
        case .fingerprintTooLong(let length, let maximum):
            return "model fingerprint is \(length) bytes; the vector store header holds at most "
                + "\(maximum)"
        case .readOnly(let path):
            return "\(path): vector store is open read-only"
        }
    }
}
