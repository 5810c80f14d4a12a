import Foundation

/// A benchmark that scores a model and reports metrics with evaluated/skipped accounting.
public protocol EvalSuite {
    /// The suite name used on the command line and in reports.
    var name: String { get }
    /// Runs the benchmark with `embedder`.
    func run(embedder: any Embedder, context: EvalContext) throws -> EvalResult
}

/// Run-time settings shared by all suites.
public struct EvalContext {
    /// On-disk embedding cache, if any.
    public var cache: EmbeddingCache?
    /// Inputs per embedder call.
    public var batchSize: Int
    /// Receives progress lines, if set.
    public var progress: ((String) -> Void)?

    /// Creates a context.
    public init(
        cache: EmbeddingCache? = nil, batchSize: Int = 64, progress: ((String) -> Void)? = nil
    ) {
        self.cache = cache
        self.batchSize = batchSize
        self.progress = progress
    }

    /// An embedding store over `embedder` with these settings.
    public func store(for embedder: any Embedder) -> EmbeddingStore {
        let store = EmbeddingStore(embedder: embedder, cache: cache, batchSize: batchSize)
        store.progress = progress
        return store
    }
}
