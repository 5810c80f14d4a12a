import CTurboJPEG

/// Decodes JPEG files with the TurboJPEG API (no `setjmp`; errors come back as return codes).
///
/// Pillow parity: greyscale JPEGs stay ``PixelMode/luminance``; colour JPEGs become
/// ``PixelMode/rgb`` with libjpeg's default islow DCT and fancy upsampling (Pillow's defaults);
/// CMYK and YCCK JPEGs become ``PixelMode/cmyk`` with every sample inverted, because Pillow
/// always assumes Adobe polarity (`rawmode "CMYK;I"`).
enum JPEGDecoder {
    /// Decodes a JPEG held in memory.
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - name: File name for error messages.
    ///   - maximumPixels: Limit checked against the header before decoding.
    ///   - stopOnWarning: Pass `TJFLAG_STOPONWARNING`, turning libjpeg warnings (for example
    ///     "Premature end of JPEG file") into errors.
    /// - Returns: The decoded image.
    /// - Throws: ``ImageDecodingError`` naming `name`.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, name: String, maximumPixels: Int, stopOnWarning: Bool
    ) throws -> Image {
        guard let handle = tjInitDecompress() else {
            throw ImageDecodingError.corruptData(
                path: name, reason: "cannot create a TurboJPEG decompressor")
        }
        defer { tjDestroy(handle) }
        let source = bytes.bindMemory(to: UInt8.self)
        var width: Int32 = 0
        var height: Int32 = 0
        var subsampling: Int32 = 0
        var colourSpace: Int32 = 0
        let headerStatus = tjDecompressHeader3(
            handle, source.baseAddress, UInt(source.count), &width, &height, &subsampling,
            &colourSpace)
        guard headerStatus == 0 else {
            throw ImageDecodingError.corruptData(path: name, reason: errorMessage(handle))
        }
        let w = Int(width)
        let h = Int(height)
        guard w > 0, h > 0 else {
            throw ImageDecodingError.corruptData(
                path: name, reason: "image has zero width or height")
        }
        guard w * h <= maximumPixels else {
            throw ImageDecodingError.tooManyPixels(
                path: name, width: w, height: h, limit: maximumPixels)
        }
        let mode: PixelMode
        let format: TJPF
        switch colourSpace {
        case Int32(TJCS_GRAY.rawValue):
            (mode, format) = (.luminance, TJPF_GRAY)
        case Int32(TJCS_CMYK.rawValue), Int32(TJCS_YCCK.rawValue):
            (mode, format) = (.cmyk, TJPF_CMYK)
        default:
            (mode, format) = (.rgb, TJPF_RGB)
        }
        var pixels = [UInt8](repeating: 0, count: w * h * mode.bytesPerPixel)
        let flags = stopOnWarning ? TJFLAG_STOPONWARNING : 0
        let status = pixels.withUnsafeMutableBufferPointer { out in
            tjDecompress2(
                handle, source.baseAddress, UInt(source.count), out.baseAddress, width,
                Int32(w * mode.bytesPerPixel), height, Int32(format.rawValue), flags)
        }
        guard status == 0 else {
            throw ImageDecodingError.corruptData(path: name, reason: errorMessage(handle))
        }
        if mode == .cmyk {
            for i in pixels.indices { pixels[i] = 255 &- pixels[i] }
        }
        return Image(width: w, height: h, mode: mode, pixels: pixels)
    }

    private static func errorMessage(_ handle: tjhandle) -> String {
        guard let text = tjGetErrorStr2(handle) else { return "TurboJPEG error" }
        return String(cString: text)
    }
}
