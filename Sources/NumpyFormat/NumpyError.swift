/// Errors thrown while reading or writing NumPy `.npy` / `.npz` files. Messages name the file
/// (and the archive member, where there is one).
public enum NumpyError: Error, CustomStringConvertible, Equatable {
    /// The file could not be read or written.
    case ioFailure(path: String, reason: String)
    /// The file does not start with the `\x93NUMPY` magic string.
    case notNumpyFile(path: String)
    /// The format version is not 1.0, 2.0 or 3.0.
    case unsupportedVersion(path: String, major: Int, minor: Int)
    /// The header dictionary could not be parsed.
    case malformedHeader(path: String, reason: String)
    /// The dtype is not one Loupe reads (structured, complex, object, strings, …).
    case unsupportedDtype(path: String, dtype: String)
    /// The array is stored in Fortran (column-major) order, which Loupe does not read.
    case fortranOrder(path: String)
    /// The data section is shorter than the header's shape requires.
    case truncatedData(path: String, expectedBytes: Int, actualBytes: Int)
    /// The `.npz` zip structure is damaged or uses an unsupported feature.
    case malformedArchive(path: String, reason: String)
    /// An `.npz` member uses a compression method other than stored (0) or deflate (8).
    case unsupportedCompression(path: String, member: String, method: Int)
    /// Inflating or checking an `.npz` member failed.
    case corruptMember(path: String, member: String, reason: String)

    public var description: String {
        switch self {
        case .ioFailure(let path, let reason):
            "Cannot access NumPy file \(path): \(reason)"
        case .notNumpyFile(let path):
            "\(path) is not a NumPy .npy file (missing \\x93NUMPY magic)"
        case .unsupportedVersion(let path, let major, let minor):
            "\(path) uses unsupported .npy format version \(major).\(minor)"
        case .malformedHeader(let path, let reason):
            "Malformed .npy header in \(path): \(reason)"
        case .unsupportedDtype(let path, let dtype):
            "\(path) has unsupported dtype \(dtype) "
                + "(supported: float16/32/64, int8/16/32/64, uint8/16/32/64, bool)"
        case .fortranOrder(let path):
            "\(path) is stored in Fortran order; save it C-contiguous (np.ascontiguousarray)"
        case .truncatedData(let path, let expected, let actual):
            "\(path) is truncated: its shape needs \(expected) data bytes, found \(actual)"
        case .malformedArchive(let path, let reason):
            "Malformed .npz archive \(path): \(reason)"
        case .unsupportedCompression(let path, let member, let method):
            "Member \(member) of \(path) uses unsupported zip compression method \(method)"
        case .corruptMember(let path, let member, let reason):
            "Member \(member) of \(path) is corrupt: \(reason)"
        }
    }
}
