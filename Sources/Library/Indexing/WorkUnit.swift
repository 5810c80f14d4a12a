/// A catalog row as the plan saw it.
struct ExistingFile: Sendable {
    var id: Int64
    var size: Int
    var modifiedNs: Int64
    var sha256: String?
    var ok: Bool
    var indexedAtNs: Int64
}

/// A file that is new or may have changed.
struct Candidate: Sendable {
    var file: WalkedFile
    var existing: ExistingFile?
}

/// A catalog file under the roots that the walk did not find.
struct VanishedFile: Sendable {
    var id: Int64
    var path: String
    var sha256: String?
    var kind: ItemKind
    var ok: Bool
}

/// An item of a stored file, enough to copy it to a duplicate.
struct StoredItem: Sendable {
    var slot: Int
    var passage: Passage?
}

/// What storage does with a prepared file.
enum UnitAction: Sendable {
    /// The file vanished before it could be read.
    case skip
    /// Same content as recorded: refresh size and mtime only.
    case touch(fileID: Int64)
    /// A vanished file with the same content: move its catalog row to this path.
    case rename(fileID: Int64)
    /// Content already embedded: copy the vectors of these stored items.
    case reuseStored([StoredItem])
    /// Content embedded earlier in this run: copy from the file with this hash at storage time.
    case reuseFromRun
    /// Same content as a file that failed: record the same failure.
    case fail(String)
    case embedImage
    case embedText([Passage])
}

/// A file on its way through the pipeline.
struct WorkUnit: Sendable {
    var path: String
    var kind: ItemKind
    var size: Int
    var modifiedNs: Int64
    /// When the content was read (compared with mtime for racy-clean detection).
    var readAtNs: Int64
    var sha256: String?
    /// The catalog row of this path, if any.
    var existingID: Int64?
    var action: UnitAction

    var passageCount: Int {
        if case .embedText(let passages) = action { return passages.count }
        return 0
    }
}

/// The model's answer for a unit that needed embedding.
enum UnitOutcome: Sendable {
    case notEmbedded
    case vectors([[Float]])
    case failed(String)
}
