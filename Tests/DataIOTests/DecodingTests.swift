import DataIO
import Foundation
import NumpyFormat
import Testing

@Suite("Image decoding")
struct DecodingTests {
    /// 16-bit PNGs with alpha come back premultiplied from libpng; tested separately below.
    static let premultipliedByLibpng = ["rgba16_32x24.png", "grey_alpha16_32x24.png"]
    static let decodedFiles = Fixtures.manifest.modes.keys.sorted().filter {
        !premultipliedByLibpng.contains($0)
    }

    @Test("Decoded mode, size, pixels and palette match Pillow", arguments: decodedFiles)
    func matchesPillow(file: String) throws {
        let expected = try Fixtures.expected("decoded")
        let key = file.replacingOccurrences(of: ".", with: "_")
        let image = try ImageDecoder.decode(contentsOf: Fixtures.image(file))
        #expect(image.mode.pillowName == Fixtures.manifest.modes[file])
        let reference = try #require(expected["\(key).pixels"])
        #expect(reference.shape.prefix(2).elementsEqual([image.height, image.width]))
        #expect(try reference.floats() == image.sampleValues)
        if let palette = expected["\(key).palette"] {
            #expect(try palette.floats() == image.palette.map(Float.init))
        }
    }

    @Test(
        "16-bit PNGs with alpha: alpha and opaque pixels exact, partial alpha within one level",
        arguments: premultipliedByLibpng)
    func sixteenBitAlpha(file: String) throws {
        let expected = try Fixtures.expected("decoded")
        let key = file.replacingOccurrences(of: ".", with: "_")
        let image = try ImageDecoder.decode(contentsOf: Fixtures.image(file))
        #expect(image.mode.pillowName == Fixtures.manifest.modes[file])
        let reference = try #require(expected["\(key).pixels"]).floats()
        let actual = image.sampleValues
        try #require(reference.count == actual.count)
        var partialWorst: Float = 0
        for p in stride(from: 0, to: actual.count, by: 4) {
            #expect(actual[p + 3] == reference[p + 3], "alpha at pixel \(p / 4)")
            for c in 0 ..< 3 {
                let difference = abs(actual[p + c] - reference[p + c])
                switch reference[p + 3] {
                case 255: #expect(difference == 0, "opaque pixel \(p / 4)")
                case 0: #expect(actual[p + c] == 0, "transparent colour is lost (black)")
                default: partialWorst = max(partialWorst, difference)
                }
            }
        }
        #expect(partialWorst <= 1)
    }

    @Test(
        "EXIF orientation is applied only when asked, like ImageOps.exif_transpose",
        arguments: 1 ... 8)
    func exifOrientation(tag: Int) throws {
        let expected = try Fixtures.expected("decoded")
        let file = "exif_orientation_\(tag).jpg"
        let key = file.replacingOccurrences(of: ".", with: "_")
        let url = Fixtures.image(file)
        let data = try [UInt8](Data(contentsOf: url))
        let orientation = data.withUnsafeBytes { EXIFOrientation.read(jpeg: $0) }
        #expect(orientation?.rawValue == tag)
        let stored = try ImageDecoder.decode(contentsOf: url)
        #expect(try expected["\(key).pixels"]?.floats() == stored.sampleValues)
        let upright = try ImageDecoder.decode(
            contentsOf: url, options: ImageDecodingOptions(appliesEXIFOrientation: true))
        let reference = try #require(expected["\(key).upright"])
        #expect(reference.shape.prefix(2).elementsEqual([upright.height, upright.width]))
        #expect(try reference.floats() == upright.sampleValues)
    }

    @Test("PNG eXIf orientation is honoured")
    func pngOrientation() throws {
        let expected = try Fixtures.expected("decoded")
        let image = try ImageDecoder.decode(
            contentsOf: Fixtures.image("exif_orientation_6.png"),
            options: ImageDecodingOptions(appliesEXIFOrientation: true))
        let reference = try #require(expected["exif_orientation_6_png.upright"])
        #expect(reference.shape.prefix(2).elementsEqual([image.height, image.width]))
        #expect(try reference.floats() == image.sampleValues)
    }

    @Test("Format is detected from content, not the extension")
    func sniffsContent() throws {
        let image = try ImageDecoder.decode(contentsOf: Fixtures.image("png_named_as.jpg"))
        let reference = try ImageDecoder.decode(contentsOf: Fixtures.image("grey_100x61.png"))
        #expect(image == reference)
        let bytes = try [UInt8](Data(contentsOf: Fixtures.image("png_named_as.jpg")))
        #expect(bytes.withUnsafeBytes { ImageFormat.detect($0) } == .png)
    }

    @Test(
        "Broken files fail with an error naming the file",
        arguments: ["truncated.jpg", "corrupt.jpg", "truncated.png", "corrupt.png"])
    func brokenFiles(file: String) {
        let url = Fixtures.image(file)
        do {
            _ = try ImageDecoder.decode(contentsOf: url)
            Issue.record("\(file) decoded without error")
        } catch let error as ImageDecodingError {
            guard case .corruptData(let path, let reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(path == url.path)
            #expect(!reason.isEmpty)
            #expect(error.description.contains(url.path))
        } catch {
            Issue.record("unexpected error type \(error)")
        }
    }

    @Test("Non-image content is reported as an unsupported format")
    func unsupportedFormat() {
        let url = Fixtures.image("not_an_image.jpg")
        #expect(throws: ImageDecodingError.unsupportedFormat(path: url.path)) {
            try ImageDecoder.decode(contentsOf: url)
        }
    }

    @Test("Missing files are reported with their path")
    func missingFile() {
        let url = Fixtures.image("does_not_exist.png")
        do {
            _ = try ImageDecoder.decode(contentsOf: url)
            Issue.record("decoded a missing file")
        } catch let error as ImageDecodingError {
            #expect(error.description.contains(url.path))
        } catch {
            Issue.record("unexpected error type \(error)")
        }
    }

    @Test("The pixel limit is checked from the header before decoding")
    func pixelLimit() {
        let huge = Fixtures.image("huge_header.png")
        #expect(
            throws: ImageDecodingError.tooManyPixels(
                path: huge.path, width: 20000, height: 20000,
                limit: ImageDecodingOptions.defaultMaximumPixels)
        ) {
            try ImageDecoder.decode(contentsOf: huge)
        }
        let jpeg = Fixtures.image("rgb_223x301.jpg")
        let options = ImageDecodingOptions(maximumPixels: 223 * 301 - 1)
        #expect(
            throws: ImageDecodingError.tooManyPixels(
                path: jpeg.path, width: 223, height: 301, limit: 223 * 301 - 1)
        ) {
            try ImageDecoder.decode(contentsOf: jpeg, options: options)
        }
        let exact = ImageDecodingOptions(maximumPixels: 223 * 301)
        #expect((try? ImageDecoder.decode(contentsOf: jpeg, options: exact))?.width == 223)
    }
}
