import DataIO
import Foundation
import Testing

@Suite("JPEG encoding")
struct JPEGEncoderTests {
    @Test("Encoding then decoding keeps size, mode and (at quality 100, 4:4:4) the pixels")
    func roundTrip() throws {
        let source = try ImageDecoder.decode(contentsOf: Fixtures.image("rgb_225x224.png"))
        let bytes = try JPEGEncoder.encode(source, quality: 100, subsampling: .none)
        #expect(bytes.withUnsafeBytes { ImageFormat.detect($0) } == .jpeg)
        let decoded = try ImageDecoder.decode(bytes, name: "roundtrip.jpg")
        #expect(decoded.width == source.width && decoded.height == source.height)
        #expect(decoded.mode == .rgb)
        let worst = zip(source.pixels, decoded.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst <= 8, "largest sample error \(worst)")
    }

    @Test("Greyscale stays greyscale; alpha images are flattened to RGB")
    func modes() throws {
        let grey = try ImageDecoder.decode(contentsOf: Fixtures.image("grey_100x61.png"))
        let greyJPEG = try ImageDecoder.decode(try JPEGEncoder.encode(grey))
        #expect(greyJPEG.mode == .luminance)
        let rgba = try ImageDecoder.decode(contentsOf: Fixtures.image("rgba_90x70.png"))
        let thumbnail = rgba.resized(width: 45, height: 35)
        let rgbaJPEG = try ImageDecoder.decode(try JPEGEncoder.encode(thumbnail))
        #expect(rgbaJPEG.mode == .rgb && rgbaJPEG.width == 45 && rgbaJPEG.height == 35)
    }
}
