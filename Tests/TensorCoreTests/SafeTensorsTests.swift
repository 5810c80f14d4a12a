import Foundation
import TensorCore
import Testing

@Suite("Safetensors")
struct SafeTensorsTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    /// A file built byte by byte, so each defect can be injected precisely.
    func rawFile(_ header: String, dataBytes: Int, declaredLength: UInt64? = nil, name: String) throws -> URL {
        var data = Data()
        let h = Data(header.utf8)
        withUnsafeBytes(of: (declaredLength ?? UInt64(h.count)).littleEndian) { data.append(contentsOf: $0) }
        data.append(h)
        data.append(Data(repeating: 0, count: dataBytes))
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    func expectError(_ url: URL, _ check: (SafeTensorsError) -> Bool) {
        do {
            _ = try SafeTensors.read(url)
            Issue.record("expected an error for \(url.lastPathComponent)")
        } catch let e as SafeTensorsError {
            #expect(check(e), "wrong error: \(e)")
            #expect(e.description.contains(url.path))
        } catch {
            Issue.record("unexpected error type \(error)")
        }
    }

    @Test("F32 and F16 round trip, metadata and 0-d tensors survive")
    func roundTrip() throws {
        var rng = RandomGenerator(seed: 1)
        let tensors: [String: Tensor] = [
            "a.weight": .randomNormal([3, 4], using: &rng), "b": .randomNormal([5], using: &rng),
            "logit_scale": Tensor(scalar: 2.6592), "empty": .zeros([0, 3]),
        ]
        let f32 = dir.appendingPathComponent("f32.safetensors")
        try SafeTensors.write(tensors, to: f32, metadata: ["format": "pt"])
        let back = try SafeTensors.read(f32)
        #expect(Set(back.keys) == Set(tensors.keys))
        for (k, t) in tensors {
            #expect(back[k]!.shape == t.shape)
            #expect(back[k]!.scalars == t.scalars)
        }
        #expect(try SafeTensorsFile(url: f32).metadata["format"] == "pt")

        let f16 = dir.appendingPathComponent("f16.safetensors")
        try SafeTensors.write(tensors, to: f16, dtype: .f16)
        let file = try SafeTensorsFile(url: f16)
        #expect(file.entries["a.weight"]!.dtype == .f16)
        for (k, t) in tensors {
            let expected = t.scalars.map { Float(Float16($0)) }
            #expect(try file.tensor(k).scalars == expected)
        }
    }

    @Test("BF16 is read by widening the top 16 bits")
    func bf16() throws {
        let values: [Float] = [1, -2.5, 3.140625, 0]
        let bits = values.map { UInt16($0.bitPattern >> 16) }
        var data = Data()
        let header = #"{"x":{"dtype":"BF16","shape":[2,2],"data_offsets":[0,8]}}"#
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(Data(header.utf8))
        for b in bits { withUnsafeBytes(of: b.littleEndian) { data.append(contentsOf: $0) } }
        let url = dir.appendingPathComponent("bf16.safetensors")
        try data.write(to: url)
        #expect(try SafeTensors.read(url)["x"]!.scalars == values)
    }

    @Test("each header defect has its own error naming the file")
    func defects() throws {
        expectError(try rawFile("", dataBytes: 0, name: "tiny.safetensors").deletingLastPathComponent()
                        .appendingPathComponent("tiny.safetensors")) { _ in true }
        let short = dir.appendingPathComponent("short.safetensors")
        try Data([1, 2, 3]).write(to: short)
        expectError(short) { if case .truncated = $0 { return true }; return false }

        let pastEnd = try rawFile(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, dataBytes: 4,
                                  declaredLength: 10_000, name: "pastend.safetensors")
        expectError(pastEnd) { if case .headerLengthOutOfBounds = $0 { return true }; return false }

        let overlap = try rawFile(
            #"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"y":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
            dataBytes: 12, name: "overlap.safetensors")
        expectError(overlap) { if case .overlappingRanges = $0 { return true }; return false }

        let wrongCount = try rawFile(#"{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, dataBytes: 8,
                                     name: "count.safetensors")
        expectError(wrongCount) {
            if case let .byteCountMismatch(_, tensor, _, _, expected, actual) = $0 {
                return tensor == "x" && expected == 12 && actual == 8
            }
            return false
        }

        let unknown = try rawFile(#"{"x":{"dtype":"I7","shape":[1],"data_offsets":[0,4]}}"#, dataBytes: 4,
                                  name: "dtype.safetensors")
        expectError(unknown) { if case .unknownDType(_, "x", "I7") = $0 { return true }; return false }

        let truncatedData = try rawFile(#"{"x":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, dataBytes: 10,
                                        name: "truncdata.safetensors")
        expectError(truncatedData) { if case .rangeOutsideFile(_, "x", _, 10) = $0 { return true }; return false }

        let notJSON = try rawFile("{not json", dataBytes: 0, name: "json.safetensors")
        expectError(notJSON) { if case .invalidHeader = $0 { return true }; return false }
    }

    @Test("a real file cut short is reported, not read")
    func truncatedRealFile() throws {
        let url = dir.appendingPathComponent("full.safetensors")
        try SafeTensors.write(["w": .full([64, 64], 1)], to: url)
        let data = try Data(contentsOf: url)
        let cut = dir.appendingPathComponent("cut.safetensors")
        try data.prefix(data.count - 100).write(to: cut)
        expectError(cut) { if case .rangeOutsideFile(_, "w", _, _) = $0 { return true }; return false }
    }

    @Test("sharded checkpoints load through their index and report missing shard tensors")
    func sharded() throws {
        try SafeTensors.write(["a": .full([2], 1)], to: dir.appendingPathComponent("model-00001-of-00002.safetensors"))
        try SafeTensors.write(["b": .full([3], 2)], to: dir.appendingPathComponent("model-00002-of-00002.safetensors"))
        let index = dir.appendingPathComponent("model.safetensors.index.json")
        try Data(#"{"metadata":{},"weight_map":{"a":"model-00001-of-00002.safetensors","b":"model-00002-of-00002.safetensors"}}"#.utf8)
            .write(to: index)
        let all = try SafeTensors.read(index)
        #expect(all["a"]!.scalars == [1, 1] && all["b"]!.scalars == [2, 2, 2])

        try Data(#"{"weight_map":{"c":"model-00001-of-00002.safetensors"}}"#.utf8).write(to: index)
        #expect(throws: SafeTensorsError.self) { try SafeTensors.read(index) }
    }
}
