import CZlib
import Foundation

/// A minimal, test-only `.npz` reader (zip central directory, stored or deflated members,
/// `.npy` v1–v3 little-endian `f4`/`f8`/`i8` arrays). The library reads npz through the
/// `NumpyFormat` target; this exists so the Winoground check runs before that lands.
enum TestNpz {
    struct Array {
        var shape: [Int]
        var values: [Double]
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func read(_ url: URL) throws -> [String: Array] {
        let bytes = [UInt8](try Data(contentsOf: url))
        guard
            let end = (0 ... (bytes.count - 22)).reversed().first(where: {
                u32(bytes, $0) == 0x0605_4b50
            })
        else { throw Failure(description: "no end-of-central-directory record") }
        var offset = Int(u32(bytes, end + 16))
        let count = Int(u16(bytes, end + 10))
        var arrays: [String: Array] = [:]
        for _ in 0 ..< count {
            guard u32(bytes, offset) == 0x0201_4b50 else {
                throw Failure(description: "bad central directory entry")
            }
            let method = u16(bytes, offset + 10)
            var compressed = Int(u32(bytes, offset + 20))
            var size = Int(u32(bytes, offset + 24))
            let nameLength = Int(u16(bytes, offset + 28))
            let extraLength = Int(u16(bytes, offset + 30))
            let commentLength = Int(u16(bytes, offset + 32))
            var local = Int(u32(bytes, offset + 42))
            let name = String(
                decoding: bytes[(offset + 46) ..< (offset + 46 + nameLength)],
                as: UTF8.self)
            var extra = offset + 46 + nameLength
            while extra + 4 <= offset + 46 + nameLength + extraLength {
                let id = u16(bytes, extra)
                let length = Int(u16(bytes, extra + 2))
                if id == 1 {
                    var field = extra + 4
                    if size == 0xFFFF_FFFF { size = Int(u64(bytes, field)); field += 8 }
                    if compressed == 0xFFFF_FFFF { compressed = Int(u64(bytes, field)); field += 8 }
                    if local == 0xFFFF_FFFF { local = Int(u64(bytes, field)) }
                }
                extra += 4 + length
            }
            offset += 46 + nameLength + extraLength + commentLength
            let start = local + 30 + Int(u16(bytes, local + 26)) + Int(u16(bytes, local + 28))
            let member = Swift.Array(bytes[start ..< (start + compressed)])
            let raw: [UInt8]
            switch method {
            case 0: raw = member
            case 8: raw = try inflate(member, size: size)
            default: throw Failure(description: "\(name): compression method \(method)")
            }
            let key = name.hasSuffix(".npy") ? String(name.dropLast(4)) : name
            arrays[key] = try parseNpy(raw, name: name)
        }
        return arrays
    }

    private static func inflate(_ input: [UInt8], size: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        var stream = z_stream()
        guard
            inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
                == Z_OK
        else { throw Failure(description: "inflateInit2 failed") }
        defer { inflateEnd(&stream) }
        var input = input
        let status = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw Failure(description: "inflate: \(status)") }
        return output
    }

    private static func parseNpy(_ bytes: [UInt8], name: String) throws -> Array {
        guard bytes.count > 10, bytes[0] == 0x93,
            String(decoding: bytes[1 ..< 6], as: UTF8.self) == "NUMPY"
        else { throw Failure(description: "\(name): not .npy") }
        let major = bytes[6]
        let headerLength = major == 1 ? Int(u16(bytes, 8)) : Int(u32(bytes, 8))
        let headerStart = major == 1 ? 10 : 12
        let header = String(
            decoding: bytes[headerStart ..< (headerStart + headerLength)],
            as: UTF8.self)
        func field(_ key: String) -> String? {
            guard let range = header.range(of: "'\(key)':") else { return nil }
            return String(header[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        guard let descr = field("descr")?.split(separator: "'").first.map(String.init),
            let shapeText = field("shape"), let close = shapeText.firstIndex(of: ")")
        else { throw Failure(description: "\(name): bad header \(header)") }
        guard field("fortran_order")?.hasPrefix("False") == true else {
            throw Failure(description: "\(name): Fortran order not supported")
        }
        let shape = shapeText[shapeText.index(after: shapeText.startIndex) ..< close]
            .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let count = shape.reduce(1, *)
        let data = headerStart + headerLength
        let values: [Double]
        switch descr {
        case "<f4":
            values = (0 ..< count).map { Double(Float(bitPattern: u32(bytes, data + 4 * $0))) }
        case "<f8": values = (0 ..< count).map { Double(bitPattern: u64(bytes, data + 8 * $0)) }
        case "<i8":
            values = (0 ..< count).map { Double(Int64(bitPattern: u64(bytes, data + 8 * $0))) }
        default: throw Failure(description: "\(name): dtype \(descr) not supported")
        }
        return Array(shape: shape, values: values)
    }

    private static func u16(_ b: [UInt8], _ i: Int) -> UInt16 {
        UInt16(b[i]) | UInt16(b[i + 1]) << 8
    }
    private static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        (0 ..< 4).reduce(0) { $0 | UInt32(b[i + $1]) << (8 * $1) }
    }
    private static func u64(_ b: [UInt8], _ i: Int) -> UInt64 {
        (0 ..< 8).reduce(0) { $0 | UInt64(b[i + $1]) << (8 * $1) }
    }
}

/// Test-only gzip decompression (for `hierarcaps_test_expanded.csv.gz`).
enum TestGzip {
    static func decompress(_ url: URL) throws -> Data {
        var input = [UInt8](try Data(contentsOf: url))
        var stream = z_stream()
        guard
            inflateInit2_(
                &stream, 16 + MAX_WBITS, ZLIB_VERSION,
                Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { throw TestNpz.Failure(description: "inflateInit2 failed") }
        defer { inflateEnd(&stream) }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = UInt32(inBuffer.count)
            while status == Z_OK {
                chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = UInt32(outBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    output.append(
                        outBuffer.baseAddress!, count: outBuffer.count - Int(stream.avail_out))
                }
            }
        }
        guard status == Z_STREAM_END else {
            throw TestNpz.Failure(description: "gzip: \(url.lastPathComponent): status \(status)")
        }
        return output
    }
}
