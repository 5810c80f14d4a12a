import CPNG

/// Decodes PNG files with libpng's simplified `png_image_*` API into Pillow's modes and values.
///
/// Parity notes (Pillow 13 `PngImagePlugin`):
/// - colour-space chunks (`gAMA`, `sRGB`, `iCCP`, `cHRM`) are hidden from libpng, because
///   Pillow ignores them while libpng would gamma-convert the samples;
/// - palette files keep their indices (`PNG_FORMAT_FLAG_COLORMAP`) and the file's `PLTE`;
/// - 16-bit samples are read linear (unconverted) and reduced to their high byte (`v >> 8`), as
///   Pillow does; 16-bit grey stays 16-bit (`I;16`);
/// - `tRNS` becomes ``Transparency`` rather than an alpha band, as in Pillow;
/// - 16-bit files *with an alpha channel* come back from libpng premultiplied; they are
///   un-premultiplied here, so semi-transparent pixels may differ from Pillow by one level and
///   fully transparent pixels lose their colour (Pillow keeps it).
enum PNGDecoder {
    /// Decodes a PNG held in memory.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, name: String, maximumPixels: Int
    ) throws -> (image: Image, exif: [UInt8]?) {
        let chunks: PNGChunks
        do {
            chunks = try PNGChunks(bytes)
        } catch {
            throw ImageDecodingError.corruptData(path: name, reason: error.reason)
        }
        guard chunks.width > 0, chunks.height > 0 else {
            throw ImageDecodingError.corruptData(
                path: name, reason: "image has zero width or height")
        }
        let (pixelCount, overflow) = chunks.width.multipliedReportingOverflow(by: chunks.height)
        guard !overflow, pixelCount <= maximumPixels else {
            throw ImageDecodingError.tooManyPixels(
                path: name, width: chunks.width, height: chunks.height, limit: maximumPixels)
        }
        let layout = try PNGLayout(chunks: chunks, name: name)
        let raw: [UInt8]
        if chunks.colourSpaceRanges.isEmpty {
            raw = try readSamples(bytes, layout: layout, chunks: chunks, name: name)
        } else {
            let stripped = chunks.strippingColourSpaceChunks(bytes)
            raw = try stripped.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
                try readSamples(buffer, layout: layout, chunks: chunks, name: name)
            }
        }
        let image = layout.makeImage(samples: raw, chunks: chunks)
        return (image, chunks.exif)
    }

    /// Runs libpng and returns the output buffer as bytes (16-bit formats: native UInt16 pairs).
    private static func readSamples(
        _ bytes: UnsafeRawBufferPointer, layout: PNGLayout, chunks: PNGChunks, name: String
    ) throws -> [UInt8] {
        // libpng keeps a pointer to the png_image between calls: give it a stable address.
        let control = UnsafeMutablePointer<png_image>.allocate(capacity: 1)
        control.initialize(to: png_image())
        defer {
            png_image_free(control)
            control.deinitialize(count: 1)
            control.deallocate()
        }
        control.pointee.version = UInt32(PNG_IMAGE_VERSION)
        guard png_image_begin_read_from_memory(control, bytes.baseAddress, bytes.count) != 0 else {
            throw ImageDecodingError.corruptData(path: name, reason: message(of: control))
        }
        guard Int(control.pointee.width) == chunks.width,
            Int(control.pointee.height) == chunks.height
        else {
            throw ImageDecodingError.corruptData(path: name, reason: "inconsistent IHDR")
        }
        control.pointee.format = layout.libpngFormat
        let sampleBytes = layout.isLinear ? 2 : 1
        let stride = chunks.width * layout.libpngChannels
        var output = [UInt8](repeating: 0, count: stride * chunks.height * sampleBytes)
        var colourMap = [UInt8](repeating: 0, count: 256 * 4)
        let status = output.withUnsafeMutableBytes { out in
            colourMap.withUnsafeMutableBytes { map in
                png_image_finish_read(
                    control, nil, out.baseAddress, Int32(stride),
                    layout.isColourMapped ? map.baseAddress : nil)
            }
        }
        guard status != 0 else {
            throw ImageDecodingError.corruptData(path: name, reason: message(of: control))
        }
        return output
    }

    private static func message(of control: UnsafeMutablePointer<png_image>) -> String {
        let text = withUnsafeBytes(of: control.pointee.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return text.isEmpty ? "libpng error" : text
    }
}
