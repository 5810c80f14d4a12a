import Foundation
import Testing

@testable import Evaluation

@Suite("Embedding cache and store")
struct EmbeddingCacheTests {
    @Test("vectors round-trip per fingerprint and survive reopening")
    func roundTrip() throws {
        let folder = try TemporaryDirectory()
        let cache = try EmbeddingCache(directory: folder.url)
        try cache.store(
            fingerprint: "sha256:abc", [(.text("a"), [1, 2, 3]), (.text("b"), [4, 5, 6])])
        #expect(try cache.vector(fingerprint: "sha256:abc", key: .text("a")) == [1, 2, 3])
        #expect(try cache.vector(fingerprint: "other", key: .text("a")) == nil)
        let reopened = try EmbeddingCache(directory: folder.url)
        #expect(try reopened.vector(fingerprint: "sha256:abc", key: .text("b")) == [4, 5, 6])
        #expect(try reopened.count(fingerprint: "sha256:abc") == 2)
    }

    @Test("a torn tail from an interrupted write is ignored, then cut before the next append")
    func interruptedWrite() throws {
        let folder = try TemporaryDirectory()
        let cache = try EmbeddingCache(directory: folder.url)
        try cache.store(fingerprint: "m", [(.text("kept"), [1, 2])])
        let file = cache.fileURL(for: "m")
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("REC1".utf8) + Data(repeating: 7, count: 20))
        try handle.close()
        let reopened = try EmbeddingCache(directory: folder.url)
        #expect(try reopened.vector(fingerprint: "m", key: .text("kept")) == [1, 2])
        #expect(try reopened.count(fingerprint: "m") == 1)
        try reopened.store(fingerprint: "m", [(.text("new"), [3, 4])])
        let third = try EmbeddingCache(directory: folder.url)
        #expect(try third.vector(fingerprint: "m", key: .text("new")) == [3, 4])
        #expect(try third.count(fingerprint: "m") == 2)
    }

    @Test("a flipped byte fails the checksum and drops that record and what follows")
    func corruption() throws {
        let folder = try TemporaryDirectory()
        let cache = try EmbeddingCache(directory: folder.url)
        try cache.store(fingerprint: "m", [(.text("a"), [1]), (.text("b"), [2])])
        var bytes = [UInt8](try Data(contentsOf: cache.fileURL(for: "m")))
        bytes[bytes.count - 12] ^= 0xFF  // inside the last record's vector
        try Data(bytes).write(to: cache.fileURL(for: "m"))
        let reopened = try EmbeddingCache(directory: folder.url)
        #expect(try reopened.vector(fingerprint: "m", key: .text("a")) == [1])
        #expect(try reopened.vector(fingerprint: "m", key: .text("b")) == nil)
    }

    @Test("image keys hash the file's bytes and the crop, not the path")
    func imageKeys() throws {
        let folder = try TemporaryDirectory()
        let a = try folder.image("a.jpg", bytes: "same bytes")
        let b = try folder.image("b.jpg", bytes: "same bytes")
        let c = try folder.image("c.jpg", bytes: "other bytes")
        #expect(try CacheKey.image(ImageInput(url: a)) == CacheKey.image(ImageInput(url: b)))
        #expect(try CacheKey.image(ImageInput(url: a)) != CacheKey.image(ImageInput(url: c)))
        let crop = CropBox(x: 1, y: 2, width: 3, height: 4)
        #expect(
            try CacheKey.image(ImageInput(url: a, crop: crop)) != CacheKey.image(ImageInput(url: a))
        )
        #expect(CacheKey.text("x") != CacheKey.text("y"))
    }

    @Test("the store embeds each distinct input once and reuses the cache on the next run")
    func storeUsesCache() throws {
        let folder = try TemporaryDirectory()
        let cache = try EmbeddingCache(directory: folder.url.appendingPathComponent("cache"))
        let one = try folder.image("one.jpg", bytes: "1")
        let embedder = FakeEmbedder(
            dimension: 2, texts: ["x": [1, 0], "y": [0, 1]], images: ["one.jpg": [3, 4]])
        let store = EmbeddingStore(embedder: embedder, cache: cache, batchSize: 2)
        let texts = try store.embedTexts(["x", "y", "x", "x"])
        #expect(texts.rows == 4 && texts.row(2) == [1, 0])
        #expect(embedder.embeddedTexts == ["x", "y"])
        _ = try store.embedImages([ImageInput(url: one), ImageInput(url: one)])
        #expect(embedder.embeddedImages == ["one.jpg"])
        let again = EmbeddingStore(embedder: embedder, cache: cache)
        _ = try again.embedTexts(["y", "x"])
        let images = try again.embedImages([ImageInput(url: one)])
        #expect(embedder.embeddedTexts == ["x", "y"], "second run served from the cache")
        #expect(embedder.embeddedImages == ["one.jpg"])
        #expect(images.matrix.row(0) == [3, 4])
    }

    @Test("missing and failing images become failures with reasons; the batch is retried")
    func imageFailures() throws {
        let folder = try TemporaryDirectory()
        let good = try folder.image("good.jpg")
        let broken = try folder.image("broken.jpg")
        let missing = folder.url.appendingPathComponent("missing.jpg")
        let embedder = FakeEmbedder(
            dimension: 2, images: ["good.jpg": [1, 1], "broken.jpg": [0, 0]],
            failing: ["broken.jpg"])
        let store = EmbeddingStore(embedder: embedder, batchSize: 8)
        let result = try store.embedImages(
            [ImageInput(url: good), ImageInput(url: broken), ImageInput(url: missing)])
        #expect(result.rowOf[ImageInput(url: good)] == 0)
        #expect(result.failures[ImageInput(url: missing)] == "image file not found")
        #expect(
            result.failures[ImageInput(url: broken)]
                == "image failed to embed: cannot decode broken.jpg")
        #expect(embedder.imageCalls == 3, "one batch call, then one call per image")
    }

    @Test("an embedder returning the wrong dimension is a contract error")
    func contract() throws {
        let embedder = FakeEmbedder(dimension: 3, texts: ["x": [1, 2]])
        let store = EmbeddingStore(embedder: embedder)
        #expect(throws: EvaluationError.self) { try store.embedTexts(["x"]) }
    }
}
