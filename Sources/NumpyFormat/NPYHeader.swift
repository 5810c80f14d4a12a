/// The header of a `.npy` file: format version, dtype descriptor, order and shape.
///
/// Format: `\x93NUMPY`, major, minor, header length (`uint16` for 1.0, `uint32` for 2.0/3.0,
/// little-endian), then a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }` padded with spaces and `\n`.
struct NPYHeader {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    let descriptor: String
    let fortranOrder: Bool
    let shape: [Int]
    /// Offset of the first data byte.
    let dataOffset: Int

    /// Parses the header at the start of `bytes`.
    init(_ bytes: UnsafeRawBufferPointer, path: String) throws {
        guard bytes.count >= 10, bytes.prefix(6).elementsEqual(Self.magic) else {
            throw NumpyError.notNumpyFile(path: path)
        }
        let major = Int(bytes[6])
        let minor = Int(bytes[7])
        let length: Int
        let start: Int
        switch major {
        case 1:
            length = Int(bytes[8]) | Int(bytes[9]) << 8
            start = 10
        case 2, 3:
            guard bytes.count >= 12 else {
                throw NumpyError.malformedHeader(path: path, reason: "too short")
            }
            length = (0 ..< 4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            start = 12
        default:
            throw NumpyError.unsupportedVersion(path: path, major: major, minor: minor)
        }
        guard start + length <= bytes.count else {
            throw NumpyError.malformedHeader(
                path: path, reason: "header runs past the end of the file")
        }
        let text = String(decoding: bytes[start ..< start + length], as: UTF8.self)
        var parser = PythonLiteralParser(text: text)
        let dictionary: [String: PythonLiteral]
        do {
            dictionary = try parser.parseDictionary()
        } catch {
            throw NumpyError.malformedHeader(path: path, reason: error.reason)
        }
        guard let descr = dictionary["descr"] else {
            throw NumpyError.malformedHeader(path: path, reason: "'descr' is missing")
        }
        guard case .string(let descriptor) = descr else {
            throw NumpyError.unsupportedDtype(path: path, dtype: "structured (record) dtype")
        }
        guard case .bool(let fortran)? = dictionary["fortran_order"] else {
            throw NumpyError.malformedHeader(path: path, reason: "'fortran_order' is missing")
        }
        guard case .tuple(let dimensions)? = dictionary["shape"] else {
            throw NumpyError.malformedHeader(
                path: path, reason: "'shape' is missing or not a tuple")
        }
        var shape: [Int] = []
        for dimension in dimensions {
            guard case .integer(let n) = dimension, n >= 0 else {
                throw NumpyError.malformedHeader(path: path, reason: "shape holds a non-integer")
            }
            shape.append(n)
        }
        self.descriptor = descriptor
        self.fortranOrder = fortran
        self.shape = shape
        self.dataOffset = start + length
    }

    /// Encodes a version 1.0 header for a C-ordered little-endian array, padded so the data
    /// starts on a 64-byte boundary (as NumPy writes it).
    static func encode(descriptor: String, shape: [Int]) -> [UInt8] {
        let joined = shape.map(String.init).joined(separator: ", ")
        let dims = shape.count == 1 ? "(\(joined),)" : "(\(joined))"
        var text = "{'descr': '\(descriptor)', 'fortran_order': False, 'shape': \(dims), }"
        let unpadded = 10 + text.utf8.count + 1
        text += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = text.utf8.count
        return magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(text.utf8)
    }
}
