import CLIPPipeline
import DataIO
import Dispatch
import Foundation
import TensorCore

/// One instance's frozen-tower features: the whole image or caption, and its parts (grid crops
/// or noun phrases). Rows are unit-length CLIP embeddings.
public struct InstanceFeatures: Sendable, Equatable {
    public var coarse: [Float]
    public var fine: [[Float]]
    public init(coarse: [Float], fine: [[Float]]) {
        self.coarse = coarse
        self.fine = fine
    }
}

extension FeatureBatch {
    /// Stacks instances; an instance without fine rows contributes its coarse row as its only part.
    public init(_ items: [InstanceFeatures]) {
        precondition(!items.isEmpty, "empty feature batch")
        let d = items[0].coarse.count
        var coarse: [Float] = [], fine: [Float] = [], owners: [Int] = []
        coarse.reserveCapacity(items.count * d)
        for (i, item) in items.enumerated() {
            coarse += item.coarse
            let parts = item.fine.isEmpty ? [item.coarse] : item.fine
            for p in parts {
                fine += p
                owners.append(i)
            }
        }
        self.init(coarse: Tensor(coarse, shape: [items.count, d]), fine: Tensor(fine, shape: [owners.count, d]),
                  fineOwners: owners)
    }
}

/// Computes CCL's inputs with a frozen CLIP model, outside the autodiff tape: coarse = the whole
/// image / caption, fine = the cells of a `grid × grid` crop grid (through ``ImageRequest/crop``)
/// / the caption's noun phrases (``NounPhraseChunker``). Training and the saved model's embedder
/// both call this, so they see identical features.
public final class CCLFeatureExtractor: @unchecked Sendable {
    public let clip: CLIPEmbedder
    public let chunker: NounPhraseChunker
    public let grid: Int
    /// Whether to compute the fine features at all (not needed for coarse-only models).
    public let computesFine: Bool

    public init(clip: CLIPEmbedder, grid: Int = 2, computesFine: Bool = true, chunker: NounPhraseChunker = .init()) {
        self.clip = clip
        self.grid = grid
        self.computesFine = computesFine
        self.chunker = chunker
    }

    public var dimension: Int { clip.dimension }

    /// The `grid × grid` cells of the request's region (the whole decoded image, or its crop),
    /// row by row; cell edges at `x + (k·w) / grid`.
    public func gridCells(_ request: ImageRequest) throws -> [ImageRequest] {
        let region: (x: Int, y: Int, width: Int, height: Int)
        if let crop = request.crop {
            region = crop
        } else {
            let image = try ImageDecoder.decode(contentsOf: request.url, options: clip.decoding)
            region = (0, 0, image.width, image.height)
        }
        var cells: [ImageRequest] = []
        for row in 0..<grid {
            let y0 = region.y + row * region.height / grid, y1 = region.y + (row + 1) * region.height / grid
            for column in 0..<grid {
                let x0 = region.x + column * region.width / grid, x1 = region.x + (column + 1) * region.width / grid
                cells.append(ImageRequest(url: request.url, crop: (x0, y0, max(x1 - x0, 1), max(y1 - y0, 1))))
            }
        }
        return cells
    }

    /// Features of each image; a file that cannot be read or decoded gives its error.
    public func images(_ requests: [ImageRequest]) throws -> [Result<InstanceFeatures, any Error>] {
        let coarse = try clip.embedImages(requests, normalize: true)
        guard computesFine else { return coarse.map { $0.map { InstanceFeatures(coarse: $0, fine: []) } } }
        let cells = ConcurrentSlots<Result<[ImageRequest], any Error>>(count: requests.count)
        DispatchQueue.concurrentPerform(iterations: requests.count) { i in
            cells.set(i, Result { try gridCells(requests[i]) })
        }
        let cellLists = cells.values
        let flat = cellLists.flatMap { (try? $0.get()) ?? [] }
        var fine = try clip.embedImages(flat, normalize: true)[...]
        var out: [Result<InstanceFeatures, any Error>] = []
        for (whole, list) in zip(coarse, cellLists) {
            switch (whole, list) {
            case let (.failure(e), .success(c)):
                fine = fine.dropFirst(c.count)
                out.append(.failure(e))
            case let (.failure(e), .failure):
                out.append(.failure(e))
            case let (.success, .failure(e)):
                out.append(.failure(e))
            case let (.success(v), .success(c)):
                let parts = fine.prefix(c.count)
                fine = fine.dropFirst(c.count)
                do { out.append(.success(InstanceFeatures(coarse: v, fine: try parts.map { try $0.get() }))) } catch {
                    out.append(.failure(error))
                }
            }
        }
        return out
    }

    /// Features of each text: the caption and its noun phrases.
    public func texts(_ texts: [String]) throws -> [InstanceFeatures] {
        let coarse = try clip.embedTexts(texts, normalize: true)
        guard computesFine else { return coarse.map { InstanceFeatures(coarse: $0, fine: []) } }
        let phrases = texts.map { chunker.phrases($0) }
        var fine = try clip.embedTexts(phrases.flatMap { $0 }, normalize: true)[...]
        return zip(coarse, phrases).map { whole, list in
            let parts = Array(fine.prefix(list.count))
            fine = fine.dropFirst(list.count)
            return InstanceFeatures(coarse: whole, fine: parts)
        }
    }
}
