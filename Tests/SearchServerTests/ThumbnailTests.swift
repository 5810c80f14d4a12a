import DataIO
import Foundation
import HTTPTypes
import HummingbirdTesting
import SearchServer
import Testing

@Suite("loupe serve: thumbnails")
struct ThumbnailTests {
    static let cacheHeader = HTTPField.Name("X-Loupe-Cache")!

    @Test("a thumbnail fits the box, keeps the aspect, matches a Pillow-exact resize, and is cached on disk")
    func generatedAndCached() async throws {
        guard let library = try ServerLibrary.fresh() else { return }
        let name = "red-gradient.png"  // 320 × 240
        let id = try library.itemID(name)
        let cacheFolder = library.db.appendingPathComponent("thumbnails")
        try await library.test { client in
            let first = try await client.get("/api/items/\(id)/thumbnail?size=64")
            #expect(first.status == .ok && first.headers[.contentType] == "image/jpeg")
            #expect(first.headers[Self.cacheHeader] == "miss")
            let thumbnail = try ImageDecoder.decode(first.bytes)
            #expect(thumbnail.width == 64 && thumbnail.height == 48)

            // Against the resize applied directly to the original (JPEG loss allowed).
            let original = try ImageDecoder.decode(contentsOf: try #require(library.images[name]))
            let reference = original.convertedToRGB().resized(width: 64, height: 48, filter: .bicubic)
            let difference = zip(thumbnail.convertedToRGB().pixels, reference.pixels)
                .map { abs(Int($0) - Int($1)) }.reduce(0, +)
            #expect(Double(difference) / Double(reference.pixels.count) < 4, "mean abs difference")

            let files = try FileManager.default.contentsOfDirectory(atPath: cacheFolder.path).filter { $0.hasSuffix(".jpg") }
            #expect(files.count == 1 && files[0].hasPrefix("\(id)-") && files[0].hasSuffix("-64.jpg"), "\(files)")
            let cacheFile = cacheFolder.appendingPathComponent(files[0])
            #expect([UInt8](try Data(contentsOf: cacheFile)) == first.bytes)

            // Replace the cached bytes: the next answer must be these, so nothing was regenerated.
            let marker = try JPEGEncoder.encode(Image(width: 2, height: 2, mode: .rgb, pixels: [UInt8](repeating: 99, count: 12)))
            try Data(marker).write(to: cacheFile)
            let second = try await client.get("/api/items/\(id)/thumbnail?size=64")
            #expect(second.headers[Self.cacheHeader] == "hit")
            #expect(second.bytes == marker)

            // Another size is another cache entry; the default is 256 (never enlarged past the original).
            let large = try await client.get("/api/items/\(id)/thumbnail")
            #expect(large.headers[Self.cacheHeader] == "miss")
            let decoded = try ImageDecoder.decode(large.bytes)
            #expect(decoded.width == 256 && decoded.height == 192)
            let small = try await client.get("/api/items/\(try library.itemID("noise.png"))/thumbnail?size=512")
            #expect(try ImageDecoder.decode(small.bytes).width == 150)
            #expect(try FileManager.default.contentsOfDirectory(atPath: cacheFolder.path).filter { $0.hasSuffix(".jpg") }.count == 3)
        }
    }

    @Test("transparent images are composited on white; text passages have no thumbnail")
    func alphaAndText() async throws {
        guard let library = try ServerLibrary.shared() else { return }
        try await library.test { client in
            let disc = try await client.get("/api/items/\(try library.itemID("yellow-disc.png"))/thumbnail?size=120")
            let image = try ImageDecoder.decode(disc.bytes).convertedToRGB()
            #expect(image.width == 90 && image.height == 120)
            #expect(image.pixels[0] > 240 && image.pixels[1] > 240 && image.pixels[2] > 240, "corner is white")
            let centre = (60 * image.width + 45) * 3
            #expect(image.pixels[centre] > 200 && image.pixels[centre + 2] < 80, "centre is yellow")

            let text = try await client.get("/api/items/\(try library.itemID("report.txt"))/thumbnail")
            #expect(text.status == .notFound && text.errorMessage?.contains("text passage") == true)
        }
    }
}
