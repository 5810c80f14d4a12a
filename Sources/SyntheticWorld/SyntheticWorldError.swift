/// Failures while writing a synthetic world to disk.
public enum SyntheticWorldError: Error, CustomStringConvertible {
    /// The output directory (or a subdirectory) could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// A file could not be written.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let reason):
            "cannot create directory \(path): \(reason)"
        case .writeFailed(let path, let reason):
            "cannot write \(path): \(reason)"
        }
    }
}
