import Foundation

/// Errors reading or writing safetensors checkpoints; each names the file and, where it
/// applies, the tensor.
public enum SafeTensorsError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case truncated(path: String, size: Int)
    case headerLengthOutOfBounds(path: String, declared: UInt64, fileSize: Int)
    case invalidHeader(path: String, reason: String)
    case invalidEntry(path: String, tensor: String, reason: String)
    case unknownDType(path: String, tensor: String, dtype: String)
    case byteCountMismatch(path: String, tensor: String, shape: [Int], dtype: String, expected: Int, actual: Int)
    case rangeOutsideFile(path: String, tensor: String, range: Range<Int>, dataSize: Int)
    case overlappingRanges(path: String, first: String, second: String)
    case missingTensor(path: String, tensor: String)
    case invalidShardIndex(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): cannot read safetensors file: \(reason)"
        case let .truncated(path, size):
            return "\(path): truncated safetensors file (\(size) bytes, need at least 8 for the header length)"
        case let .headerLengthOutOfBounds(path, declared, fileSize):
            return "\(path): header length \(declared) runs past the end of the \(fileSize)-byte file (truncated or not safetensors)"
        case let .invalidHeader(path, reason):
            return "\(path): invalid safetensors header: \(reason)"
        case let .invalidEntry(path, tensor, reason):
            return "\(path): tensor '\(tensor)': \(reason)"
        case let .unknownDType(path, tensor, dtype):
            return "\(path): tensor '\(tensor)' has unsupported dtype '\(dtype)' (supported: F32, F16, BF16, I64, I32)"
        case let .byteCountMismatch(path, tensor, shape, dtype, expected, actual):
            return "\(path): tensor '\(tensor)' of shape \(shape) and dtype \(dtype) needs \(expected) bytes but its data range holds \(actual)"
        case let .rangeOutsideFile(path, tensor, range, dataSize):
            return "\(path): tensor '\(tensor)' data range \(range.lowerBound)..<\(range.upperBound) lies outside the \(dataSize)-byte data section (file truncated?)"
        case let .overlappingRanges(path, first, second):
            return "\(path): tensors '\(first)' and '\(second)' have overlapping data ranges"
        case let .missingTensor(path, tensor):
            return "\(path): no tensor named '\(tensor)'"
        case let .invalidShardIndex(path, reason):
            return "\(path): invalid sharded checkpoint index: \(reason)"
        }
    }
}

/// A safetensors file, memory-mapped, with its header validated up front.
public struct SafeTensorsFile {
    public enum DType: String, Sendable {
        case f32 = "F32", f16 = "F16", bf16 = "BF16"
        /// Integer tensors (such as BERT's `position_ids` buffer) read as Float32.
        case i64 = "I64", i32 = "I32"
        public var byteSize: Int {
            switch self {
            case .f32, .i32: return 4
            case .f16, .bf16: return 2
            case .i64: return 8
            }
        }
    }

    public struct Entry: Sendable {
        public let dtype: DType
        public let shape: [Int]
        /// Byte range within the data section.
        public let range: Range<Int>
    }

    /// Headers larger than this are refused (as the reference implementation does).
    public static let maximumHeaderSize = 100_000_000

    public let url: URL
    public let entries: [String: Entry]
    public let metadata: [String: String]
    private let data: Data
    private let dataStart: Int

    /// Maps and validates `url`.
    public init(url: URL) throws {
        let path = url.path
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw SafeTensorsError.unreadable(path: path, reason: error.localizedDescription)
        }
        guard data.count >= 8 else { throw SafeTensorsError.truncated(path: path, size: data.count) }
        let declared = data.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian
        guard declared <= UInt64(data.count - 8), declared <= UInt64(Self.maximumHeaderSize) else {
            throw SafeTensorsError.headerLengthOutOfBounds(path: path, declared: declared, fileSize: data.count)
        }
        let headerEnd = 8 + Int(declared)
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<headerEnd))
        } catch {
            throw SafeTensorsError.invalidHeader(path: path, reason: "not JSON (\(error.localizedDescription))")
        }
        guard let object = json as? [String: Any] else {
            throw SafeTensorsError.invalidHeader(path: path, reason: "top level is not a JSON object")
        }
        let dataSize = data.count - headerEnd
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in object {
            if name == "__metadata__" {
                guard let m = value as? [String: Any] else {
                    throw SafeTensorsError.invalidHeader(path: path, reason: "__metadata__ is not an object")
                }
                for (k, v) in m { metadata[k] = v as? String ?? "\(v)" }
                continue
            }
            entries[name] = try Self.parseEntry(name, value, path: path, dataSize: dataSize)
        }
        let sorted = entries.sorted { $0.value.range.lowerBound < $1.value.range.lowerBound }
        for (a, b) in zip(sorted, sorted.dropFirst())
        where b.value.range.lowerBound < a.value.range.upperBound && !a.value.range.isEmpty && !b.value.range.isEmpty {
            throw SafeTensorsError.overlappingRanges(path: path, first: a.key, second: b.key)
        }
        self.url = url
        self.data = data
        self.dataStart = headerEnd
        self.entries = entries
        self.metadata = metadata
    }

    private static func parseEntry(_ name: String, _ value: Any, path: String, dataSize: Int) throws -> Entry {
        guard let e = value as? [String: Any] else {
            throw SafeTensorsError.invalidEntry(path: path, tensor: name, reason: "entry is not an object")
        }
        guard let dtypeName = e["dtype"] as? String else {
            throw SafeTensorsError.invalidEntry(path: path, tensor: name, reason: "missing 'dtype'")
        }
        guard let dtype = DType(rawValue: dtypeName) else {
            throw SafeTensorsError.unknownDType(path: path, tensor: name, dtype: dtypeName)
        }
        guard let shapeValues = e["shape"] as? [Any],
              let shape = Optional(shapeValues.compactMap { ($0 as? NSNumber)?.intValue }),
              shape.count == shapeValues.count, shape.allSatisfy({ $0 >= 0 })
        else {
            throw SafeTensorsError.invalidEntry(path: path, tensor: name, reason: "missing or invalid 'shape'")
        }
        guard let offsets = e["data_offsets"] as? [Any], offsets.count == 2,
              let begin = (offsets[0] as? NSNumber)?.intValue, let end = (offsets[1] as? NSNumber)?.intValue,
              begin >= 0, end >= begin
        else {
            throw SafeTensorsError.invalidEntry(path: path, tensor: name, reason: "missing or invalid 'data_offsets'")
        }
        guard end <= dataSize else {
            throw SafeTensorsError.rangeOutsideFile(path: path, tensor: name, range: begin..<end, dataSize: dataSize)
        }
        let (count, overflow) = shape.reduce((1, false)) { acc, d in
            let (r, o) = acc.0.multipliedReportingOverflow(by: d)
            return (r, acc.1 || o)
        }
        let expected = count * dtype.byteSize
        guard !overflow, expected == end - begin else {
            throw SafeTensorsError.byteCountMismatch(
                path: path, tensor: name, shape: shape, dtype: dtypeName, expected: expected, actual: end - begin)
        }
        return Entry(dtype: dtype, shape: shape, range: begin..<end)
    }

    public var names: [String] { entries.keys.sorted() }

    /// The tensor `name`, widened to Float32.
    public func tensor(_ name: String) throws -> Tensor {
        guard let entry = entries[name] else {
            throw SafeTensorsError.missingTensor(path: url.path, tensor: name)
        }
        let count = entry.shape.reduce(1, *)
        let storage = TensorStorage(count: count, zeroed: false)
        data.withUnsafeBytes { raw in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[(dataStart + entry.range.lowerBound)..<(dataStart + entry.range.upperBound)])
            switch entry.dtype {
            case .f32:
                for i in 0..<count {
                    storage.pointer[i] = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                }
            case .i64:
                for i in 0..<count {
                    storage.pointer[i] = Float(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self)))
                }
            case .i32:
                for i in 0..<count {
                    storage.pointer[i] = Float(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)))
                }
            case .f16, .bf16:
                let halves = (0..<count).map { UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)) }
                halves.withUnsafeBufferPointer {
                    if entry.dtype == .f16 {
                        HalfPrecision.widenFloat16($0, into: storage.pointer)
                    } else {
                        HalfPrecision.widenBFloat16($0, into: storage.pointer)
                    }
                }
            }
        }
        return Tensor(shape: entry.shape, storage: storage)
    }

    /// Every tensor, widened to Float32.
    public func loadAll() throws -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for name in entries.keys { out[name] = try tensor(name) }
        return out
    }
}

/// Reading and writing safetensors checkpoints, single-file or sharded.
public enum SafeTensors {
    /// Loads every tensor of a `.safetensors` file, or of a sharded checkpoint when `url` is a
    /// `model.safetensors.index.json`.
    public static func read(_ url: URL) throws -> [String: Tensor] {
        if url.lastPathComponent.hasSuffix(".index.json") { return try readSharded(index: url) }
        return try SafeTensorsFile(url: url).loadAll()
    }

    /// Loads a sharded checkpoint from its index (`{"weight_map": {tensor: shard file}}`).
    public static func readSharded(index: URL) throws -> [String: Tensor] {
        let path = index.path
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(contentsOf: index))
        } catch {
            throw SafeTensorsError.invalidShardIndex(path: path, reason: error.localizedDescription)
        }
        guard let root = object as? [String: Any], let map = root["weight_map"] as? [String: String] else {
            throw SafeTensorsError.invalidShardIndex(path: path, reason: "no 'weight_map' object")
        }
        let directory = index.deletingLastPathComponent()
        var result: [String: Tensor] = [:]
        for shard in Set(map.values).sorted() {
            let file = try SafeTensorsFile(url: directory.appendingPathComponent(shard))
            for (name, s) in map where s == shard {
                guard file.entries[name] != nil else {
                    throw SafeTensorsError.missingTensor(path: file.url.path, tensor: name)
                }
                result[name] = try file.tensor(name)
            }
        }
        return result
    }

    /// Writes `tensors` as F32 (or F16) safetensors, atomically: a crash leaves the old file intact.
    public static func write(
        _ tensors: [String: Tensor], to url: URL, dtype: SafeTensorsFile.DType = .f32,
        metadata: [String: String] = [:]
    ) throws {
        precondition(dtype == .f32 || dtype == .f16, "writing \(dtype.rawValue) is not supported")
        let names = tensors.keys.sorted()
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for name in names {
            let t = tensors[name]!
            let bytes = t.count * dtype.byteSize
            header[name] = ["dtype": dtype.rawValue, "shape": t.shape, "data_offsets": [offset, offset + bytes]]
            offset += bytes
        }
        var headerData = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while headerData.count % 8 != 0 { headerData.append(0x20) }
        var out = Data(capacity: 8 + headerData.count + offset)
        withUnsafeBytes(of: UInt64(headerData.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(headerData)
        for name in names {
            let t = tensors[name]!
            t.withUnsafeBufferPointer { values in
                if dtype == .f32 {
                    out.append(UnsafeBufferPointer(start: values.baseAddress, count: values.count))
                } else {
                    HalfPrecision.narrowToFloat16(values).withUnsafeBufferPointer { out.append($0) }
                }
            }
        }
        do {
            try out.write(to: url, options: .atomic)
        } catch {
            throw SafeTensorsError.unreadable(path: url.path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}
