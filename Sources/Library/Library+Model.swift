import Foundation
import VectorIndex

extension Library {
    /// Makes the library ready to store vectors of a model before indexing.
    ///
    /// A new (or emptied) library adopts the model. A library of another model is refused unless
    /// `reindex` is set, which drops every file and vector so everything is embedded again; `reindex` with
    /// the same model does the same. A different `dtype` converts the stored rows in place of a
    /// compaction (no re-embedding); nil keeps the library's dtype (Float16 for a new library).
    /// - Throws: ``LibraryError/modelMismatch(directory:library:requested:)`` with the re-index
    ///   instructions, ``LibraryError/dimensionMismatch(directory:library:requested:)``.
    public func prepare(
        fingerprint: String, dimension: Int, dtype: VectorDType? = nil, reindex: Bool = false
    ) throws {
        try requireWritable()
        precondition(dimension > 0, "embedding dimension must be positive")
        guard let current = try model() else {
            try startGeneration(
                LibraryModel(
                    fingerprint: fingerprint, dimension: dimension, dtype: dtype ?? .float16),
                dropCatalog: false)
            return
        }
        let files = try db.statement("SELECT COUNT(*) FROM files").first { $0.int(0) } ?? 0
        if reindex || (files == 0 && current.fingerprint != fingerprint) {
            try startGeneration(
                LibraryModel(
                    fingerprint: fingerprint, dimension: dimension, dtype: dtype ?? current.dtype),
                dropCatalog: true)
            return
        }
        guard current.fingerprint == fingerprint else {
            throw LibraryError.modelMismatch(
                directory: directory.path, library: current.fingerprint, requested: fingerprint)
        }
        guard current.dimension == dimension else {
            throw LibraryError.dimensionMismatch(
                directory: directory.path, library: current.dimension, requested: dimension)
        }
        if let dtype, dtype != current.dtype { try compact(convertingTo: dtype) }
    }

    /// Refuses vectors of another model (for searches with query embeddings).
    public func checkModel(fingerprint: String, dimension: Int? = nil) throws -> LibraryModel {
        guard let current = try model() else {
            throw LibraryError.emptyLibrary(directory: directory.path)
        }
        guard current.fingerprint == fingerprint else {
            throw LibraryError.modelMismatch(
                directory: directory.path, library: current.fingerprint, requested: fingerprint)
        }
        if let dimension, dimension != current.dimension {
            throw LibraryError.dimensionMismatch(
                directory: directory.path, library: current.dimension, requested: dimension)
        }
        return current
    }

    /// Creates store generation N+1 and switches the catalog to it in one transaction; the old
    /// store file is deleted afterwards (or by the next writer if this process dies first).
    private func startGeneration(_ model: LibraryModel, dropCatalog: Bool) throws {
        let generation = (Int(try meta(MetaKey.storeGeneration) ?? "0") ?? 0) + 1
        let name = "vectors-\(generation).bin"
        let old = store
        let created = try wrap {
            try VectorStore.create(
                at: storeURL(name), dimension: model.dimension, dtype: model.dtype,
                fingerprint: model.fingerprint)
        }
        try db.transaction {
            if dropCatalog {
                try db.execute("DELETE FROM items; DELETE FROM files;")
            }
            try setMeta(MetaKey.fingerprint, model.fingerprint)
            try setMeta(MetaKey.dimension, String(model.dimension))
            try setMeta(MetaKey.dtype, model.dtype.description)
            try setMeta(MetaKey.storeGeneration, String(generation))
            try setMeta(MetaKey.storeFile, name)
            try setMeta(MetaKey.committedSlots, "0")
        }
        store = created
        catalogCache = nil
        if let old { try? FileManager.default.removeItem(at: old.url) }
    }
}
