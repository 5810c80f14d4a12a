/// Element type of the rows in a vector store, recorded in the file header.
public enum VectorDType: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    /// IEEE binary32, 4 bytes per element.
    case float32 = 1
    /// IEEE binary16, 2 bytes per element; widened to Float32 per chunk when scoring.
    case float16 = 2

    /// Bytes per element.
    public var byteWidth: Int { self == .float32 ? 4 : 2 }

    /// `"f32"` or `"f16"`.
    public var description: String { self == .float32 ? "f32" : "f16" }

    /// Parses `"f32"`/`"float32"` or `"f16"`/`"float16"` (case-insensitive).
    public init?(name: String) {
        switch name.lowercased() {
        case "f32", "float32": self = .float32
        case "f16", "float16": self = .float16
        default: return nil
        }
    }
}
