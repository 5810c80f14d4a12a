import Foundation

/// Locations of committed fixtures and of the shared data kit, found from this file's path.
public enum Fixtures {
    /// The repository root (two levels above `Sources/TestSupport`).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Fixtures/<relative>`.
    public static func url(_ relative: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relative)
    }

    /// The shared data kit (`$LOUPE_SHARED_DATA`, else `../shared/data` beside the repository), or
    /// `nil` when absent — tests then skip and say so.
    public static var sharedData: URL? {
        let candidates = [ProcessInfo.processInfo.environment["LOUPE_SHARED_DATA"].map { URL(fileURLWithPath: $0) },
                          repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
