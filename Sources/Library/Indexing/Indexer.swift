import Dispatch
import Foundation
import VectorIndex

/// Points inside a batch commit, for crash tests that kill the process there.
package enum IndexCheckpoint: Sendable, Equatable {
    /// Catalog rows written and vectors appended in memory; nothing durable yet.
    case catalogPending(batch: Int)
    /// Vectors synced and published in the store; the catalog transaction is still open.
    case vectorsCommitted(batch: Int)
    /// The batch's catalog transaction committed.
    case batchCommitted(batch: Int)
    /// Catalog entries of vanished files deleted (before any compaction).
    case deletionsCommitted
}

/// Indexes folders into a ``Library``: walk, change detection, embedding, batched durable
/// commits, deletions and compaction.
///
/// Three stages overlap: a preparer thread (hashing, duplicate/rename detection, reading and
/// splitting text), a model thread (the ``ItemEmbedder``), and storage on the calling thread.
/// Bounded queues between them keep at most ``IndexOptions/queueDepth`` batches in flight.
///
/// Every batch is committed as: vectors appended and synced, count published, then one catalog
/// transaction recording the files, items and the store's committed count. A process killed at
/// any point leaves a library that opens and searches what was committed; the next run resumes
/// (files already committed are unchanged and skipped).
public final class Indexer {
    /// Library being written (opened read-write).
    public let library: Library
    /// The model.
    public let embedder: any ItemEmbedder
    /// Run settings.
    public let options: IndexOptions
    /// Progress events, if any.
    public var progress: (any IndexProgressReporter)?

    /// Called at each ``IndexCheckpoint`` (crash tests only).
    package var checkpoint: (@Sendable (IndexCheckpoint) -> Void)?

    public init(
        library: Library, embedder: any ItemEmbedder, options: IndexOptions = IndexOptions(),
        progress: (any IndexProgressReporter)? = nil
    ) {
        precondition(library.isWritable, "the indexer needs a library opened read-write")
        self.library = library
        self.embedder = embedder
        self.options = options
        self.progress = progress
    }

    /// Indexes `roots` (folders or single files) and returns what happened.
    ///
    /// - Throws: ``LibraryError/pathNotFound(path:)`` for a missing root,
    ///   ``LibraryError/modelMismatch(directory:library:requested:)`` when the library holds
    ///   another model's vectors (unless ``IndexOptions/reindex``), catalog or store failures.
    ///   Per-file problems never throw: they are recorded and listed by
    ///   ``Library/status(failureLimit:)``.
    /// - Returns: counts of what the run found, embedded, reused, removed and skipped.
    @discardableResult
    public func run(roots: [URL]) throws -> IndexSummary {
        let started = DispatchTime.now().uptimeNanoseconds
        let resolved = try roots.map { root -> String in
            guard let path = FileWalker.resolve(root.path) else {
                throw LibraryError.pathNotFound(path: root.path)
            }
            return path
        }
        try library.prepare(
            fingerprint: embedder.fingerprint, dimension: embedder.dimension, dtype: options.dtype,
            reindex: options.reindex)
        let plan = try makePlan(roots: resolved)
        var summary = plan.summary
        progress?.indexingStarted(
            IndexPlanSummary(
                scannedFiles: summary.scannedFiles, unchangedFiles: summary.unchangedFiles,
                filesToProcess: plan.candidates.count, vanishedFiles: plan.vanished.count,
                skippedUnsupported: summary.skippedUnsupported))
        var claimed = Set<Int64>()
        if !plan.candidates.isEmpty {
            try process(plan, summary: &summary, claimed: &claimed)
        }
        let doomed = plan.vanished.filter { !claimed.contains($0.id) }
        if !doomed.isEmpty {
            try library.db.transaction {
                let delete = try library.db.statement("DELETE FROM files WHERE id = ?")
                for file in doomed { try delete.run(.integer(file.id)) }
            }
            library.catalogCache = nil
            summary.deletedFiles = doomed.count
            checkpoint?(.deletionsCommitted)
        }
        summary.compacted = try library.compactIfNeeded(fraction: options.compactionThreshold)
        summary.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        progress?.indexingFinished(summary)
        return summary
    }

    // MARK: - Pipeline

    private func process(
        _ plan: IndexPlan, summary: inout IndexSummary, claimed: inout Set<Int64>
    ) throws {
        let prepared = BoundedQueue<PipelineItem<[WorkUnit]>>(capacity: options.queueDepth)
        let embedded = BoundedQueue<PipelineItem<[(WorkUnit, UnitOutcome)]>>(
            capacity: options.queueDepth)
        let finished = DispatchGroup()
        let preparer = Preparer(
            candidates: plan.candidates, vanished: plan.vanished,
            catalogPath: library.directory.appendingPathComponent(Library.catalogFileName).path,
            embedder: embedder, options: options)
        let stage = EmbedStage(embedder: embedder, textBatchSize: options.textBatchSize)
        startThread(named: "loupe.prepare", group: finished) { preparer.run(into: prepared) }
        startThread(named: "loupe.embed", group: finished) {
            defer { embedded.close() }
            while let item = prepared.take() {
                switch item {
                case .failure(let reason):
                    embedded.put(.failure(reason))
                    return
                case .value(let units):
                    guard embedded.put(.value(stage.embed(units))) else {
                        prepared.cancel()
                        return
                    }
                }
            }
        }
        defer {
            prepared.cancel()
            embedded.cancel()
            finished.wait()
        }
        let clock = DispatchTime.now().uptimeNanoseconds
        var storage = BatchStorage(library: library, checkpoint: checkpoint)
        var done = 0
        while let item = embedded.take() {
            switch item {
            case .failure(let reason):
                throw LibraryError.indexingFailed(reason: reason)
            case .value(let batch):
                summary.batches += 1
                let failures = try storage.commit(batch, number: summary.batches, summary: &summary)
                done += batch.count
                for failure in failures {
                    progress?.fileFailed(path: failure.path, error: failure.error)
                }
                progress?.indexingProgressed(
                    IndexProgress(
                        total: plan.candidates.count, done: done, failed: summary.failedFiles,
                        embeddedItems: summary.embeddedItems,
                        elapsed: Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e9))
            }
        }
        claimed = storage.claimed
    }

    private func startThread(
        named name: String, group: DispatchGroup, _ body: @escaping @Sendable () -> Void
    ) {
        group.enter()
        let thread = Thread {
            body()
            group.leave()
        }
        thread.name = name
        thread.start()
    }
}
