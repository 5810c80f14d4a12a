/// What the walk and change detection found, before any file is read.
public struct IndexPlanSummary: Sendable, Equatable {
    /// Supported files under the roots.
    public var scannedFiles: Int
    /// Files skipped by size and mtime.
    public var unchangedFiles: Int
    /// New or possibly changed files to read (the progress total).
    public var filesToProcess: Int
    /// Catalog files no longer on disk.
    public var vanishedFiles: Int
    /// Files with unsupported extensions.
    public var skippedUnsupported: Int
}

/// Progress of the files being processed.
public struct IndexProgress: Sendable, Equatable {
    /// Files to process in this run.
    public var total: Int
    /// Files processed (committed) so far.
    public var done: Int
    /// Failures recorded so far in this run.
    public var failed: Int
    /// Vectors computed by the model so far.
    public var embeddedItems: Int
    /// Seconds since processing started.
    public var elapsed: Double

    public init(total: Int, done: Int, failed: Int, embeddedItems: Int, elapsed: Double) {
        self.total = total
        self.done = done
        self.failed = failed
        self.embeddedItems = embeddedItems
        self.elapsed = elapsed
    }

    /// Processing rate so far.
    public var filesPerSecond: Double { elapsed > 0 ? Double(done) / elapsed : 0 }

    /// Estimated seconds left at the current rate (nil until a file is done).
    public var eta: Double? {
        guard done > 0, elapsed > 0 else { return nil }
        return Double(max(0, total - done)) / filesPerSecond
    }
}

/// Receives indexing events on the thread that called ``Indexer/run(roots:)``.
public protocol IndexProgressReporter: AnyObject {
    /// The plan is known; processing starts.
    func indexingStarted(_ plan: IndexPlanSummary)
    /// A batch was committed.
    func indexingProgressed(_ progress: IndexProgress)
    /// A file failed; its error is recorded in the library.
    func fileFailed(path: String, error: String)
    /// The run is complete.
    func indexingFinished(_ summary: IndexSummary)
}

extension IndexProgressReporter {
    public func indexingStarted(_ plan: IndexPlanSummary) {}
    public func indexingProgressed(_ progress: IndexProgress) {}
    public func fileFailed(path: String, error: String) {}
    public func indexingFinished(_ summary: IndexSummary) {}
}
