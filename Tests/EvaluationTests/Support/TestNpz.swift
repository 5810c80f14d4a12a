import CZlib
import Foundation
import NumpyFormat

/// The real `.npz` reader (NumpyFormat) in the shape these tests use.
enum TestNpz {
    struct Array {
        var shape: [Int]
        var values: [Double]
    }

    static func read(_ url: URL) throws -> [String: Array] {
        var out: [String: Array] = [:]
        for (name, array) in try Numpy.readArchive(at: url) {
            out[name] = Array(shape: array.shape, values: try array.floats().map(Double.init))
        }
        return out
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }
}

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
