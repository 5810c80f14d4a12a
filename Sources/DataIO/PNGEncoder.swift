import CPNG
import Foundation

/// A failure to encode or write a PNG image.
public enum PNGEncodingError: Error, CustomStringConvertible {
    /// libpng rejected the image; `message` is libpng's own text.
    case encodingFailed(message: String)
    /// The encoded bytes could not be written to `path`.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .encodingFailed(let message):
            return "PNG encoding failed: \(message)"
        case .writeFailed(let path, let reason):
            return "cannot write PNG file \(path): \(reason)"
        }
    }
}

/// Encodes 8-bit images as PNG through libpng's simplified write API.
///
/// The output carries no timestamp or text chunk, so equal pixels always give equal bytes.
public enum PNGEncoder {
    /// Encodes interleaved 8-bit pixels as a PNG stream.
    ///
    /// - Parameters:
    ///   - width: Image width in pixels (> 0).
    ///   - height: Image height in pixels (> 0).
    ///   - channels: 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA).
    ///   - pixels: `[height, width, channels]` row-major samples, top row first.
    /// - Returns: The complete PNG file contents.
    /// - Throws: ``PNGEncodingError/encodingFailed(message:)`` when libpng reports an error.
    public static func encode(width: Int, height: Int, channels: Int, pixels: [UInt8]) throws
        -> Data
    {
        precondition(width > 0 && height > 0, "PNG size must be positive, got \(width)×\(height)")
        precondition((1 ... 4).contains(channels), "PNG channels must be 1...4, got \(channels)")
        precondition(
            pixels.count == width * height * channels,
            "PNG pixel count \(pixels.count) != \(width)×\(height)×\(channels)")

        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = format(channels: channels)
        image.flags = 0
        defer { png_image_free(&image) }

        var capacity = upperBound(width: width, height: height, channels: channels)
        for _ in 0 ..< 2 {
            var output = Data(count: capacity)
            var written = png_alloc_size_t(capacity)
            let ok = output.withUnsafeMutableBytes { outBytes in
                pixels.withUnsafeBytes { inBytes in
                    png_image_write_to_memory(
                        &image, outBytes.baseAddress, &written, 0, inBytes.baseAddress, 0, nil)
                }
            }
            if ok != 0 {
                output.count = Int(written)
                return output
            }
            let message = errorMessage(of: &image)
            guard Int(written) > capacity else {
                throw PNGEncodingError.encodingFailed(message: message)
            }
            // The buffer was too small; libpng reported the size it needs.
            capacity = Int(written)
            png_image_free(&image)
            image.opaque = nil
            image.warning_or_error = 0
        }
        throw PNGEncodingError.encodingFailed(message: "output buffer size did not converge")
    }

    /// Encodes pixels as PNG and writes them to `url` (atomically).
    ///
    /// - Parameters:
    ///   - url: Destination file.
    ///   - width: Image width in pixels.
    ///   - height: Image height in pixels.
    ///   - channels: 1, 2, 3 or 4 interleaved 8-bit channels.
    ///   - pixels: `[height, width, channels]` row-major samples.
    /// - Throws: ``PNGEncodingError`` on encoding or I/O failure.
    public static func write(
        to url: URL, width: Int, height: Int, channels: Int, pixels: [UInt8]
    ) throws {
        let data = try encode(width: width, height: height, channels: channels, pixels: pixels)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw PNGEncodingError.writeFailed(path: url.path, reason: "\(error)")
        }
    }

    /// The libpng simplified-API format code for interleaved 8-bit samples.
    private static func format(channels: Int) -> png_uint_32 {
        let alpha = png_uint_32(PNG_FORMAT_FLAG_ALPHA)
        let colour = png_uint_32(PNG_FORMAT_FLAG_COLOR)
        switch channels {
        case 1: return 0
        case 2: return alpha
        case 3: return colour
        default: return colour | alpha
        }
    }

    /// A buffer size that holds the PNG stream even for incompressible data
    /// (mirrors `PNG_IMAGE_PNG_SIZE_MAX`; libpng reports the real need if it is larger).
    private static func upperBound(width: Int, height: Int, channels: Int) -> Int {
        let filtered = (width * channels + 1) * height
        let deflated = filtered + (filtered + 7) / 8 + (filtered + 63) / 64 + 11
        let chunks = 12 * (deflated / 8192 + 1)
        return 8 + 25 + 16 + 44 + 12 + 12 + chunks + deflated + 64
    }

    /// libpng's error text stored in the image control structure.
    private static func errorMessage(of image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
