/// What a walk over a PNG's chunk headers tells us before libpng decodes anything.
///
/// libpng's simplified API hides the file's bit depth, `tRNS` values and palette order behind
/// its output format, and applies `gAMA`/`iCCP` gamma correction that Pillow never does. This
/// scan recovers what Pillow reports and lets the decoder hide colour-space chunks from libpng.
struct PNGChunks {
    /// PNG file signature.
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// Chunks that make libpng convert sample values (Pillow ignores all of them).
    static let colourSpaceChunks: Set<String> = ["gAMA", "sRGB", "iCCP", "cHRM"]

    /// `IHDR` width.
    var width = 0
    /// `IHDR` height.
    var height = 0
    /// `IHDR` bit depth (1, 2, 4, 8 or 16).
    var bitDepth = 0
    /// `IHDR` colour type (0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA).
    var colourType = 0
    /// Raw `PLTE` bytes (RGB triples), if any.
    var palette: [UInt8] = []
    /// Raw `tRNS` bytes, if any.
    var transparency: [UInt8]?
    /// Payload of an `eXIf` chunk (a TIFF structure), if any.
    var exif: [UInt8]?
    /// Byte ranges of chunks libpng should not see (whole chunks, header to CRC).
    var colourSpaceRanges: [Range<Int>] = []

    /// Walks the chunk headers. Stops quietly at truncation (libpng reports it later).
    ///
    /// - Throws: A reason string when the signature or `IHDR` is missing or malformed.
    init(_ bytes: UnsafeRawBufferPointer) throws(PNGScanFailure) {
        guard bytes.count >= 8, bytes.prefix(8).elementsEqual(Self.signature) else {
            throw PNGScanFailure(reason: "not a PNG file (bad signature)")
        }
        var offset = 8
        var sawHeader = false
        while offset + 8 <= bytes.count {
            let length = Int(Self.bigEndian32(bytes, at: offset))
            let type = String(decoding: bytes[(offset + 4) ..< (offset + 8)], as: UTF8.self)
            let dataStart = offset + 8
            let end = dataStart + length + 4
            guard length <= Int(Int32.max), end <= bytes.count else { break }
            let data = bytes[dataStart ..< (dataStart + length)]
            if !sawHeader {
                guard type == "IHDR", length == 13 else {
                    throw PNGScanFailure(reason: "first chunk is \(type), not IHDR")
                }
                width = Int(Self.bigEndian32(bytes, at: dataStart))
                height = Int(Self.bigEndian32(bytes, at: dataStart + 4))
                bitDepth = Int(bytes[dataStart + 8])
                colourType = Int(bytes[dataStart + 9])
                sawHeader = true
            }
            switch type {
            case "PLTE": palette = Array(data)
            case "tRNS": transparency = Array(data)
            case "eXIf": exif = Array(data)
            case _ where Self.colourSpaceChunks.contains(type):
                colourSpaceRanges.append(offset ..< end)
            default: break
            }
            offset = end
            if type == "IEND" { break }
        }
        guard sawHeader else { throw PNGScanFailure(reason: "missing or truncated IHDR chunk") }
    }

    /// The file without the chunks in ``colourSpaceRanges``.
    func strippingColourSpaceChunks(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var start = 0
        for range in colourSpaceRanges {
            result.append(contentsOf: bytes[start ..< range.lowerBound])
            start = range.upperBound
        }
        result.append(contentsOf: bytes[start...])
        return result
    }

    private static func bigEndian32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}

/// Why ``PNGChunks`` could not read a file's header.
struct PNGScanFailure: Error {
    let reason: String
}
