import CZlib
import Foundation

/// Inflates gzip (or zlib) data with the system zlib.
enum Gzip {
    /// The decompressed contents of `data`; concatenated gzip members are joined.
    /// - Throws: `TokenizerError.malformedGzip` naming `path`.
    static func inflate(_ data: Data, path: String) throws -> Data {
        var output = Data()
        var stream = z_stream()
        // 15 window bits + 32: detect the gzip or zlib header automatically.
        guard
            inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
                == Z_OK
        else {
            throw TokenizerError.malformedGzip(path: path, reason: "inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        let chunkSize = 1 << 16
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            guard let base = input.bindMemory(to: Bytef.self).baseAddress else { return }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = uInt(input.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(chunkSize)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk[0 ..< chunkSize - Int(stream.avail_out)])
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    guard stream.avail_in > 0 else { return }
                    guard inflateReset(&stream) == Z_OK else {
                        throw TokenizerError.malformedGzip(
                            path: path, reason: "inflateReset failed")
                    }
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw TokenizerError.malformedGzip(path: path, reason: "truncated data")
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw TokenizerError.malformedGzip(path: path, reason: message)
                }
            }
        }
        return output
    }
}
