import CPNG
import DataIO
import Foundation
import Testing

/// Round trips through libpng's own simplified reader.
@Suite("PNG encoder")
struct PNGEncoderTests {
    /// Decodes `data` with libpng into the given channel count.
    private func decode(_ data: Data, channels: Int) throws -> (Int, Int, [UInt8]) {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        let began = data.withUnsafeBytes {
            png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count)
        }
        try #require(began != 0)
        let alpha = png_uint_32(PNG_FORMAT_FLAG_ALPHA)
        let colour = png_uint_32(PNG_FORMAT_FLAG_COLOR)
        image.format = [0, alpha, colour, colour | alpha][channels - 1]
        let width = Int(image.width)
        let height = Int(image.height)
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        let finished = pixels.withUnsafeMutableBytes {
            png_image_finish_read(&image, nil, $0.baseAddress, 0, nil)
        }
        try #require(finished != 0)
        return (width, height, pixels)
    }

    /// Seeded pseudo-random samples (a linear congruential sequence).
    private func samples(_ count: Int, seed: UInt32) -> [UInt8] {
        var state = seed
        return (0 ..< count).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    @Test("pixels survive a round trip", arguments: [1, 2, 3, 4])
    func roundTrip(channels: Int) throws {
        let (width, height) = (37, 23)
        let pixels = samples(width * height * channels, seed: UInt32(channels))
        let data = try PNGEncoder.encode(
            width: width, height: height, channels: channels, pixels: pixels)
        #expect(Array(data.prefix(8)) == [137, 80, 78, 71, 13, 10, 26, 10])
        let decoded = try decode(data, channels: channels)
        #expect(decoded.0 == width && decoded.1 == height)
        #expect(decoded.2 == pixels)
    }

    @Test("equal pixels give equal bytes, with no time or text chunk")
    func deterministic() throws {
        let pixels = samples(64 * 64 * 3, seed: 9)
        let a = try PNGEncoder.encode(width: 64, height: 64, channels: 3, pixels: pixels)
        let b = try PNGEncoder.encode(width: 64, height: 64, channels: 3, pixels: pixels)
        #expect(a == b)
        var chunks: [String] = []
        var offset = 8
        let bytes = [UInt8](a)
        while offset + 8 <= bytes.count {
            let length = bytes[offset ..< offset + 4].reduce(0) { $0 << 8 | Int($1) }
            chunks.append(String(decoding: bytes[offset + 4 ..< offset + 8], as: UTF8.self))
            offset += 12 + length
        }
        #expect(chunks.first == "IHDR" && chunks.last == "IEND")
        #expect(!chunks.contains("tIME") && !chunks.contains("tEXt"))
    }

    @Test("incompressible images fit the first buffer and large ones encode")
    func sizes() throws {
        let noise = samples(300 * 200 * 4, seed: 3)
        let data = try PNGEncoder.encode(width: 300, height: 200, channels: 4, pixels: noise)
        #expect(try decode(data, channels: 4).2 == noise)
        let flat = [UInt8](repeating: 200, count: 512 * 512 * 3)
        let small = try PNGEncoder.encode(width: 512, height: 512, channels: 3, pixels: flat)
        #expect(small.count < 10_000)
    }

    @Test("write puts the encoded bytes in the file")
    func writesFile() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("loupe-png-\(ProcessInfo.processInfo.processIdentifier).png")
        defer { try? FileManager.default.removeItem(at: url) }
        let pixels = samples(10 * 10, seed: 1)
        try PNGEncoder.write(to: url, width: 10, height: 10, channels: 1, pixels: pixels)
        let expected = try PNGEncoder.encode(width: 10, height: 10, channels: 1, pixels: pixels)
        #expect(try Data(contentsOf: url) == expected)
        let missing = URL(fileURLWithPath: "/nonexistent-dir-loupe/x.png")
        #expect(throws: PNGEncodingError.self) {
            try PNGEncoder.write(to: missing, width: 10, height: 10, channels: 1, pixels: pixels)
        }
    }
}
