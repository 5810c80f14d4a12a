import CLIPModels
import Foundation

/// Opens any model directory as an ``ImageTextEmbedder``.
///
/// A directory holding `loupe_model.json` (`{"kind": "dual-encoder", …}`) is a model kind Loupe
/// trains; its loader is registered under that kind by the target that defines it (the `loupe`
/// command registers them all at start-up). Anything else is a CLIP checkpoint.
public enum EmbedderLoader {
    /// Opens the model directory at the given URL.
    public typealias Loader = @Sendable (URL) throws -> any ImageTextEmbedder
    /// The file that names a model directory's kind.
    public static let manifestName = "loupe_model.json"

    private static let registry = Registry()

    /// Makes directories whose manifest says `kind` open with `loader`.
    public static func register(kind: String, loader: @escaping Loader) { registry.set(kind, loader) }

    /// The kinds registered so far, sorted.
    public static var kinds: [String] { registry.kinds }

    /// The `kind` in `path/loupe_model.json`, or `nil` for a plain CLIP checkpoint.
    public static func kind(at path: URL) throws -> String? {
        let manifest = path.appendingPathComponent(manifestName)
        guard FileManager.default.fileExists(atPath: manifest.path) else { return nil }
        let object = try? JSONSerialization.jsonObject(with: Data(contentsOf: manifest))
        guard let kind = (object as? [String: Any])?["kind"] as? String else {
            throw PipelineError.badManifest(path: manifest.path, reason: "expected a JSON object with a string key \"kind\"")
        }
        return kind
    }

    /// Opens `path`: a registered model kind, else a CLIP checkpoint (``CLIPEmbedder/load(_:configFile:hints:)``).
    public static func load(_ path: URL, configFile: URL? = nil, hints: ArchitectureHints = .init()) throws
        -> any ImageTextEmbedder
    {
        guard let kind = try kind(at: path) else { return try CLIPEmbedder.load(path, configFile: configFile, hints: hints) }
        guard let loader = registry.get(kind) else {
            throw PipelineError.badManifest(
                path: path.appendingPathComponent(manifestName).path,
                reason: "unknown model kind '\(kind)' (known: \(kinds.isEmpty ? "none" : kinds.joined(separator: ", ")))")
        }
        return try loader(path)
    }

    private final class Registry: @unchecked Sendable {
        private var loaders: [String: Loader] = [:]
        private let lock = NSLock()
        func set(_ kind: String, _ loader: @escaping Loader) { lock.withLock { loaders[kind] = loader } }
        func get(_ kind: String) -> Loader? { lock.withLock { loaders[kind] } }
        var kinds: [String] { lock.withLock { loaders.keys.sorted() } }
    }
}
