import Foundation

/// Reading and writing NumPy `.npy` arrays and `.npz` archives.
///
/// Supported: format versions 1.0, 2.0 and 3.0; dtypes float16/32/64, int8/16/32/64,
/// uint8/16/32/64 and bool in either byte order; C order only. `.npz` members may be stored or
/// deflated (as `np.savez` / `np.savez_compressed` write them), including zip64 records.
public enum Numpy {
    /// Reads one `.npy` file.
    ///
    /// - Throws: ``NumpyError`` naming the file.
    public static func readArray(at url: URL) throws -> NumpyArray {
        let bytes = try readFile(url)
        return try bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            try parseArray(raw, path: url.path)
        }
    }

    /// Reads every array of an `.npz` archive, keyed by member name without `.npy`.
    ///
    /// - Throws: ``NumpyError`` naming the archive and member.
    public static func readArchive(at url: URL) throws -> [String: NumpyArray] {
        let bytes = try readFile(url)
        let members = try ZipReader.members(of: bytes, path: url.path)
        var result: [String: NumpyArray] = [:]
        for member in members where !member.name.hasSuffix("/") {
            let content = try ZipReader.extract(member, from: bytes, path: url.path)
            let key = member.name.hasSuffix(".npy") ? String(member.name.dropLast(4)) : member.name
            result[key] = try content.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                try parseArray(raw, path: "\(url.path)[\(member.name)]")
            }
        }
        return result
    }

    /// Writes a float32 array as a version 1.0 `.npy` file (`<f4`, C order).
    ///
    /// - Parameters:
    ///   - values: Elements in C order; their count must equal the product of `shape`.
    ///   - shape: Dimensions (empty for a scalar).
    ///   - url: Destination file (overwritten).
    /// - Throws: ``NumpyError/ioFailure(path:reason:)`` when the file cannot be written.
    public static func writeArray(_ values: [Float], shape: [Int], to url: URL) throws {
        precondition(
            shape.reduce(1, *) == values.count,
            "shape \(shape) holds \(shape.reduce(1, *)) elements, got \(values.count)")
        var bytes = NPYHeader.encode(descriptor: "<f4", shape: shape)
        for value in values {
            let bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
        }
        do {
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw NumpyError.ioFailure(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Parses a complete `.npy` image held in memory.
    static func parseArray(_ raw: UnsafeRawBufferPointer, path: String) throws
        -> NumpyArray
    {
        let header = try NPYHeader(raw, path: path)
        guard let type = NumpyDtype(descriptor: header.descriptor) else {
            throw NumpyError.unsupportedDtype(path: path, dtype: header.descriptor)
        }
        if header.fortranOrder && header.shape.filter({ $0 > 1 }).count > 1 {
            throw NumpyError.fortranOrder(path: path)
        }
        let (count, overflow) = header.shape.reduce((1, false)) { partial, n in
            let product = partial.0.multipliedReportingOverflow(by: n)
            return (product.partialValue, partial.1 || product.overflow)
        }
        let available = raw.count - header.dataOffset
        guard !overflow, count <= available / type.size else {
            throw NumpyError.truncatedData(
                path: path, expectedBytes: overflow ? Int.max : count * type.size,
                actualBytes: available)
        }
        let data = Array(raw[header.dataOffset ..< header.dataOffset + count * type.size])
        return NumpyArray(shape: header.shape, dtype: header.descriptor, type: type, data: data)
    }

    private static func readFile(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw NumpyError.ioFailure(path: url.path, reason: error.localizedDescription)
        }
    }
}
