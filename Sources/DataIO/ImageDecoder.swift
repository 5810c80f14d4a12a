import Foundation

/// Container formats ``ImageDecoder`` recognises by their leading bytes.
public enum ImageFormat: String, Sendable, CaseIterable {
    /// JPEG (`FF D8 FF`).
    case jpeg
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    case png

    /// Detects the format from magic bytes (the file extension is never consulted).
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> ImageFormat? {
        if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF { return .jpeg }
        if bytes.count >= 8, bytes.prefix(8).elementsEqual(PNGChunks.signature) { return .png }
        return nil
    }
}

/// Settings for ``ImageDecoder``.
public struct ImageDecodingOptions: Sendable, Equatable {
    /// Pillow's hard limit: `Image.open` raises `DecompressionBombError` above
    /// `2 * MAX_IMAGE_PIXELS` = 178,956,970 pixels.
    public static let defaultMaximumPixels = 178_956_970

    /// Largest `width * height` accepted; checked from the header before any pixel is decoded.
    public var maximumPixels: Int
    /// Turn the image upright using its EXIF orientation (JPEG `APP1`, PNG `eXIf`). Off by
    /// default, as in every reference pipeline.
    public var appliesEXIFOrientation: Bool
    /// Treat libjpeg warnings as errors (`TJFLAG_STOPONWARNING`). On by default so truncated
    /// JPEGs fail; Pillow also decodes some files with recoverable warnings (for example
    /// "extraneous bytes before marker"), which this rejects unless turned off.
    public var rejectsJPEGWarnings: Bool

    /// Creates decoding options.
    public init(
        maximumPixels: Int = ImageDecodingOptions.defaultMaximumPixels,
        appliesEXIFOrientation: Bool = false, rejectsJPEGWarnings: Bool = true
    ) {
        precondition(maximumPixels > 0, "maximumPixels must be positive")
        self.maximumPixels = maximumPixels
        self.appliesEXIFOrientation = appliesEXIFOrientation
        self.rejectsJPEGWarnings = rejectsJPEGWarnings
    }
}

/// Decodes JPEG and PNG files into Pillow-equivalent ``Image`` values.
public enum ImageDecoder {
    /// Reads and decodes an image file.
    ///
    /// - Parameters:
    ///   - url: A file URL.
    ///   - options: Pixel limit, EXIF orientation and warning handling.
    /// - Returns: The decoded image in the mode Pillow's `Image.open` would report.
    /// - Throws: ``ImageDecodingError`` naming the file.
    public static func decode(
        contentsOf url: URL, options: ImageDecodingOptions = ImageDecodingOptions()
    ) throws -> Image {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw ImageDecodingError.unreadableFile(
                path: url.path, reason: error.localizedDescription)
        }
        return try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            try decode(bytes, name: url.path, options: options)
        }
    }

    /// Decodes an image held in memory.
    ///
    /// - Parameters:
    ///   - data: The encoded file.
    ///   - name: Used in error messages (a path or other label).
    ///   - options: Pixel limit, EXIF orientation and warning handling.
    /// - Returns: The decoded image.
    /// - Throws: ``ImageDecodingError`` naming `name`.
    public static func decode(
        _ data: [UInt8], name: String = "<memory>",
        options: ImageDecodingOptions = ImageDecodingOptions()
    ) throws -> Image {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            try decode(bytes, name: name, options: options)
        }
    }

    /// Decodes an image from a raw buffer.
    public static func decode(
        _ bytes: UnsafeRawBufferPointer, name: String, options: ImageDecodingOptions
    ) throws -> Image {
        switch ImageFormat.detect(bytes) {
        case .jpeg:
            let image = try JPEGDecoder.decode(
                bytes, name: name, maximumPixels: options.maximumPixels,
                stopOnWarning: options.rejectsJPEGWarnings)
            guard options.appliesEXIFOrientation,
                let orientation = EXIFOrientation.read(jpeg: bytes)
            else { return image }
            return image.applyingOrientation(orientation)
        case .png:
            let (image, exif) = try PNGDecoder.decode(
                bytes, name: name, maximumPixels: options.maximumPixels)
            guard options.appliesEXIFOrientation, let exif,
                let orientation = exif.withUnsafeBytes({ EXIFOrientation.read(tiff: $0) })
            else { return image }
            return image.applyingOrientation(orientation)
        case nil:
            throw ImageDecodingError.unsupportedFormat(path: name)
        }
    }
}

extension Image {
    /// Decodes an image file (JPEG or PNG, detected by content).
    ///
    /// - Throws: ``ImageDecodingError`` naming the file.
    public init(
        contentsOf url: URL, options: ImageDecodingOptions = ImageDecodingOptions()
    ) throws {
        self = try ImageDecoder.decode(contentsOf: url, options: options)
    }
}
