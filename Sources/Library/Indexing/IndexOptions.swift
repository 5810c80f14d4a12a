import VectorIndex

/// Settings of an index run.
public struct IndexOptions: Sendable {
    /// Files per committed batch (vectors synced, then one catalog transaction).
    public var batchSize = 32
    /// A batch also closes once its text passages reach this many.
    public var maxPassagesPerBatch = 512
    /// Passages per `embedTexts` call.
    public var textBatchSize = 64
    /// Prepared batches waiting for the model, and embedded batches waiting for storage.
    public var queueDepth = 2
    /// Storage type for a new library; for an existing one a different value converts the
    /// stored rows (nil keeps the library's, Float16 for a new library).
    public var dtype: VectorDType?
    /// Drop every stored vector and embed everything again (needed to switch models).
    public var reindex = false
    /// Retry files that failed before even if they have not changed.
    public var retryFailures = false
    /// Also index hidden files and enter hidden directories (names starting with `.`).
    public var includeHidden = false
    /// Text documents larger than this are recorded as failures.
    public var maxTextBytes = 16 << 20
    /// Fraction of a passage's token budget repeated in the next passage.
    public var passageOverlap = 0.25
    /// Compact the store after the run when dead rows exceed this fraction of it.
    public var compactionThreshold = 0.25
    /// A file modified less than this long before it was read is re-hashed on the next run even
    /// if its size and mtime look unchanged (coarse timestamps can hide a later write).
    public var racyWindowNanoseconds: Int64 = 2_000_000_000

    public init() {}
}

/// Counts of one index run.
public struct IndexSummary: Sendable, Equatable, Codable {
    /// Supported files found under the roots.
    public var scannedFiles = 0
    /// Skipped by size and mtime (or by hash after a doubt).
    public var unchangedFiles = 0
    /// Files embedded by the model in this run.
    public var embeddedFiles = 0
    /// Vectors computed by the model (one per image, one per passage).
    public var embeddedItems = 0
    /// Files whose content was already in the library (duplicates): vectors copied.
    public var reusedFiles = 0
    /// Files recognised by hash as moved or renamed: catalog row updated, nothing embedded.
    public var renamedFiles = 0
    /// Files whose metadata changed but content did not (same hash).
    public var touchedFiles = 0
    /// Files whose failure was recorded in this run.
    public var failedFiles = 0
    /// Catalog entries of files that are gone from disk.
    public var deletedFiles = 0
    /// Files with other extensions (or names that are not UTF-8).
    public var skippedUnsupported = 0
    /// Symbolic links (never followed).
    public var skippedSymlinks = 0
    /// Hidden files and directories.
    public var skippedHidden = 0
    /// Files that disappeared between the walk and reading them.
    public var vanishedDuringRun = 0
    /// Directories that could not be listed (their catalog entries are kept).
    public var unreadableDirectories: [String] = []
    /// Committed batches.
    public var batches = 0
    /// Whether the store was compacted at the end.
    public var compacted = false
    /// Wall-clock duration.
    public var seconds = 0.0

    public init() {}
}
