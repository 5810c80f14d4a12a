import Foundation

/// Pipeline stage 1 (background thread): hashes candidates, recognises unchanged content,
/// renames and duplicates, reads and splits text documents, and groups files into batches.
struct Preparer: Sendable {
    let candidates: [Candidate]
    let vanished: [VanishedFile]
    let catalogPath: String
    let embedder: any ItemEmbedder
    let options: IndexOptions

    /// Mutable bookkeeping of one run.
    private struct State {
        /// Vanished files with usable vectors, by kind and hash, not yet claimed by a rename.
        var renameSources: [String: [Int64]] = [:]
        /// Hashes (by kind) sent to the model in this run.
        var embeddedInRun = Set<String>()
    }

    func run(into queue: BoundedQueue<PipelineItem<[WorkUnit]>>) {
        defer { queue.close() }
        do {
            let db = try Database(path: catalogPath, readOnly: true)
            var state = State()
            for file in vanished where file.ok {
                if let hash = file.sha256 {
                    state.renameSources[file.kind.rawValue + ":" + hash, default: []].append(
                        file.id)
                }
            }
            let splitter = PassageSplitter(
                budget: embedder.textContextTokens, overlap: options.passageOverlap,
                countTokens: embedder.countTokens)
            var batch: [WorkUnit] = []
            var passages = 0
            for candidate in candidates {
                let unit = try prepare(candidate, db: db, splitter: splitter, state: &state)
                batch.append(unit)
                passages += unit.passageCount
                if batch.count >= options.batchSize || passages >= options.maxPassagesPerBatch {
                    guard queue.put(.value(batch)) else { return }
                    batch = []
                    passages = 0
                }
            }
            if !batch.isEmpty { queue.put(.value(batch)) }
        } catch {
            queue.put(.failure("preparing files: \(error)"))
        }
    }

    private func prepare(
        _ candidate: Candidate, db: Database, splitter: PassageSplitter, state: inout State
    ) throws -> WorkUnit {
        let file = candidate.file
        var unit = WorkUnit(
            path: file.path, kind: file.kind, size: file.size, modifiedNs: file.modifiedNs,
            readAtNs: nowNanoseconds(), sha256: nil, existingID: candidate.existing?.id,
            action: .skip)
        let content: FileContent
        do {
            content = try FileContent.read(
                path: file.path, keepBytes: file.kind == .text, maxBytes: options.maxTextBytes)
        } catch .vanished {
            return unit
        } catch .unreadable(let reason) {
            unit.action = .fail("cannot read: \(reason)")
            return unit
        } catch .tooLarge(let size) {
            unit.action = .fail(
                "text document is \(size) bytes, over the \(options.maxTextBytes)-byte limit")
            return unit
        }
        unit.size = content.size
        unit.modifiedNs = content.modifiedNs
        unit.readAtNs = content.readAtNs
        unit.sha256 = content.sha256
        let key = file.kind.rawValue + ":" + content.sha256

        if let existing = candidate.existing, existing.sha256 == content.sha256,
            existing.ok || !options.retryFailures
        {
            unit.action = .touch(fileID: existing.id)
            return unit
        }
        if state.embeddedInRun.contains(key) {
            unit.action = .reuseFromRun
            return unit
        }
        if candidate.existing == nil, var sources = state.renameSources[key], !sources.isEmpty {
            unit.action = .rename(fileID: sources.removeFirst())
            state.renameSources[key] = sources
            return unit
        }
        if let action = try storedDuplicate(of: content.sha256, unit: unit, db: db) {
            unit.action = action
            return unit
        }
        state.embeddedInRun.insert(key)
        switch file.kind {
        case .image:
            unit.action = .embedImage
        case .text:
            unit.action = textAction(content.bytes ?? [], splitter: splitter)
        }
        return unit
    }

    /// Reuse of a stored file with the same content and kind (or its recorded failure).
    private func storedDuplicate(
        of hash: String, unit: WorkUnit, db: Database
    ) throws -> UnitAction? {
        let sql = """
            SELECT id, status = 'ok', error FROM files
            WHERE sha256 = ? AND kind = ? AND path != ?
            ORDER BY status = 'ok' DESC, id LIMIT 1
            """
        let match = try db.statement(sql).first(
            .text(hash), .text(unit.kind.rawValue), .text(unit.path)
        ) { row in (row.int(0), row.int(1) != 0, row.optionalText(2)) }
        guard let (id, ok, error) = match else { return nil }
        if !ok {
            return options.retryFailures ? nil : .fail(error ?? "unknown error")
        }
        var items: [StoredItem] = []
        let itemSQL = """
            SELECT slot, start_line, end_line, text FROM items WHERE file_id = ?
            ORDER BY passage_index
            """
        try db.statement(itemSQL).forEach(.integer(id)) { row in
            var passage: Passage?
            if let start = row.optionalInt(1), let end = row.optionalInt(2) {
                passage = Passage(text: row.text(3), startLine: Int(start), endLine: Int(end))
            }
            items.append(StoredItem(slot: Int(row.int(0)), passage: passage))
        }
        return .reuseStored(items)
    }

    private func textAction(_ bytes: [UInt8], splitter: PassageSplitter) -> UnitAction {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }  // UTF-8 BOM
        guard let text = String(validating: body, as: UTF8.self) else {
            return .fail("not UTF-8 text")
        }
        return .embedText(splitter.split(text))
    }
}
