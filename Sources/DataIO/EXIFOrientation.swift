/// The EXIF `Orientation` tag (0x0112): how the stored pixels must be turned for display.
///
/// The raw values follow the TIFF/EXIF specification; the transforms match Pillow's
/// `ImageOps.exif_transpose`. None of the CLIP reference pipelines apply it (`Image.open` does
/// not), so decoding leaves pixels as stored unless asked.
public enum EXIFOrientation: Int, Sendable, CaseIterable {
    /// 1: stored upright.
    case up = 1
    /// 2: mirrored left–right.
    case upMirrored = 2
    /// 3: rotated 180°.
    case down = 3
    /// 4: mirrored top–bottom.
    case downMirrored = 4
    /// 5: transposed (mirrored along the main diagonal).
    case leftMirrored = 5
    /// 6: needs a 90° clockwise turn (Pillow `ROTATE_270`).
    case right = 6
    /// 7: transversed (mirrored along the anti-diagonal).
    case rightMirrored = 7
    /// 8: needs a 90° counter-clockwise turn (Pillow `ROTATE_90`).
    case left = 8

    /// Whether applying the orientation swaps width and height.
    public var swapsDimensions: Bool { rawValue >= 5 }

    /// Reads the orientation from a JPEG's first `APP1` Exif segment.
    ///
    /// - Returns: `nil` when the file has no Exif segment, no orientation tag, or a bad value.
    public static func read(jpeg bytes: UnsafeRawBufferPointer) -> EXIFOrientation? {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var offset = 2
        while offset + 4 <= bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xFF {
                offset += 1  // fill byte
                continue
            }
            if marker == 0xD8 || marker == 0x01 || (0xD0 ... 0xD7).contains(marker) {
                offset += 2
                continue
            }
            if marker == 0xDA || marker == 0xD9 { return nil }  // image data starts: no Exif
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let payload = (offset + 4) ..< min(bytes.count, offset + 2 + length)
            guard length >= 2 else { return nil }
            if marker == 0xE1, payload.count > 6,
                bytes[payload.lowerBound ..< payload.lowerBound + 6].elementsEqual(
                    [0x45, 0x78, 0x69, 0x66, 0, 0])
            {
                let tiff = UnsafeRawBufferPointer(rebasing: bytes[(payload.lowerBound + 6)...])
                return read(
                    tiff: UnsafeRawBufferPointer(
                        rebasing: tiff.prefix(payload.count - 6)))
            }
            offset += 2 + length
        }
        return nil
    }

    /// Reads the orientation tag from IFD0 of a TIFF structure (an Exif payload or PNG `eXIf`).
    public static func read(tiff: UnsafeRawBufferPointer) -> EXIFOrientation? {
        guard tiff.count >= 8 else { return nil }
        let little: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= tiff.count else { return nil }
            return little
                ? Int(tiff[at]) | Int(tiff[at + 1]) << 8 : Int(tiff[at]) << 8 | Int(tiff[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let high = u16(little ? at + 2 : at), let low = u16(little ? at : at + 2) else {
                return nil
            }
            return high << 16 | low
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return nil }
        for entry in 0 ..< count {
            let at = ifd + 2 + 12 * entry
            guard let tag = u16(at), let type = u16(at + 2) else { return nil }
            guard tag == 0x0112 else { continue }
            let value: Int?
            switch type {
            case 3: value = u16(at + 8)  // SHORT
            case 4: value = u32(at + 8)  // LONG (non-conforming writers)
            default: value = nil
            }
            return value.flatMap(EXIFOrientation.init(rawValue:))
        }
        return nil
    }
}
