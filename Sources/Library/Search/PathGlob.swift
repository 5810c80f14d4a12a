import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A shell-style path pattern (`fnmatch(3)` without `FNM_PATHNAME`, so `*` also matches `/`).
///
/// Library paths are absolute. A pattern starting with `/` or `*` is used as is; one starting
/// with `./` or `../` is made absolute against the working directory; any other pattern matches
/// at the end of a path after a `/` (`holiday/*.jpg` ≡ `*/holiday/*.jpg`).
public struct PathGlob: Sendable, Equatable {
    /// The pattern as given.
    public let pattern: String
    /// The pattern handed to `fnmatch`.
    public let effectivePattern: String

    public init(_ pattern: String, workingDirectory: URL? = nil) {
        self.pattern = pattern
        if pattern.hasPrefix("/") || pattern.hasPrefix("*") {
            effectivePattern = pattern
        } else if pattern.hasPrefix("./") || pattern.hasPrefix("../") {
            let base =
                workingDirectory
                ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            effectivePattern = base.appendingPathComponent(pattern).standardizedFileURL.path
        } else {
            effectivePattern = "*/" + pattern
        }
    }

    /// Whether `path` matches.
    public func matches(_ path: String) -> Bool { fnmatch(effectivePattern, path, 0) == 0 }
}
