import CTurboJPEG

/// Chroma subsampling for ``JPEGEncoder``.
public enum JPEGSubsampling: Sendable {
    /// No subsampling (4:4:4).
    case none
    /// Horizontal halving (4:2:2).
    case half
    /// Halving in both directions (4:2:0), Pillow's default.
    case quarter

    var turboValue: Int32 {
        switch self {
        case .none: Int32(TJSAMP_444.rawValue)
        case .half: Int32(TJSAMP_422.rawValue)
        case .quarter: Int32(TJSAMP_420.rawValue)
        }
    }
}

/// Encodes images as baseline JPEG with TurboJPEG (`tjCompress2`), for thumbnails.
public enum JPEGEncoder {
    /// Encodes an image; greyscale modes are written as greyscale JPEG, everything else is first
    /// converted to RGB (``Image/convertedToRGB()``), so alpha is dropped.
    ///
    /// - Parameters:
    ///   - image: The image to encode.
    ///   - quality: 1…100 (Pillow's default is 75).
    ///   - subsampling: Chroma subsampling for colour images.
    /// - Returns: The JPEG file bytes.
    /// - Throws: ``ImageDecodingError/encodingFailed(reason:)``.
    public static func encode(
        _ image: Image, quality: Int = 75, subsampling: JPEGSubsampling = .quarter
    ) throws -> [UInt8] {
        precondition((1 ... 100).contains(quality), "JPEG quality must be in 1…100")
        let grey = image.mode == .luminance || image.mode == .bilevel
        let source = grey ? image : image.convertedToRGB()
        guard let handle = tjInitCompress() else {
            throw ImageDecodingError.encodingFailed(reason: "cannot create a TurboJPEG compressor")
        }
        defer { tjDestroy(handle) }
        var output: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        defer { tjFree(output) }
        let format = grey ? TJPF_GRAY : TJPF_RGB
        let chroma = grey ? Int32(TJSAMP_GRAY.rawValue) : subsampling.turboValue
        let status = source.pixels.withUnsafeBufferPointer { pixels in
            tjCompress2(
                handle, pixels.baseAddress, Int32(source.width), Int32(source.rowBytes),
                Int32(source.height), Int32(format.rawValue), &output, &size, chroma,
                Int32(quality), 0)
        }
        guard status == 0, let output else {
            let reason = tjGetErrorStr2(handle).map { String(cString: $0) } ?? "TurboJPEG error"
            throw ImageDecodingError.encodingFailed(reason: reason)
        }
        return Array(UnsafeBufferPointer(start: output, count: Int(size)))
    }
}
