import Foundation
import NN
import SentenceEncoders
import TensorCore
import TestSupport
import Testing

/// Checkpoint variants: `bert.`-prefixed keys (BertFor* heads), old `gamma`/`beta` LayerNorm names,
/// an I64 `position_ids` buffer and plain BERT directories without a sentence-transformers pipeline.
@Suite("BERT checkpoint layouts")
struct CheckpointLayoutTests {
    /// A safetensors file written by hand, so integer tensors can be included.
    static func writeSafeTensors(_ tensors: [(String, String, [Int], Data)], to url: URL) throws {
        var header: [String: Any] = [:]
        var offset = 0
        for (name, dtype, shape, bytes) in tensors {
            header[name] = ["dtype": dtype, "shape": shape, "data_offsets": [offset, offset + bytes.count]]
            offset += bytes.count
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        for (_, _, _, bytes) in tensors { out.append(bytes) }
        try out.write(to: url)
    }

    static func bytes(_ t: Tensor) -> Data { t.withUnsafeBufferPointer { Data(buffer: $0) } }

    @Test("an I64 tensor reads as Float32")
    func integerTensors() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("i64-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let ints: [Int64] = [0, 1, -2, 511]
        try Self.writeSafeTensors([("ids", "I64", [2, 2], ints.withUnsafeBufferPointer { Data(buffer: $0) }),
                                   ("x", "F32", [2], Self.bytes(Tensor([1.5, -2], shape: [2])))], to: url)
        let read = try SafeTensors.read(url)
        #expect(read["ids"]!.shape == [2, 2] && read["ids"]!.scalars == [0, 1, -2, 511])
        #expect(read["x"]!.scalars == [1.5, -2])
    }

    @Test("bert.-prefixed keys, gamma/beta names, position_ids and cls.* heads load into the same model")
    func prefixedCheckpoint() throws {
        let source = Fixtures.url("bert/tiny-bert")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bert-prefixed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for file in ["config.json", "vocab.txt", "tokenizer_config.json"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: directory.appendingPathComponent(file))
        }
        let weights = try SafeTensors.read(source.appendingPathComponent("model.safetensors"))
        var tensors: [(String, String, [Int], Data)] = weights.sorted { $0.key < $1.key }.map { key, t in
            var name = "bert." + key
            if name.hasSuffix("LayerNorm.weight") { name = String(name.dropLast(6)) + "gamma" }
            if name.hasSuffix("LayerNorm.bias") { name = String(name.dropLast(4)) + "beta" }
            return (name, "F32", t.shape, Self.bytes(t))
        }
        let positions = (0..<64).map(Int64.init)
        tensors.append(("bert.embeddings.position_ids", "I64", [1, 64], positions.withUnsafeBufferPointer { Data(buffer: $0) }))
        tensors.append(("cls.predictions.bias", "F32", [4], Self.bytes(Tensor.zeros([4]))))
        try Self.writeSafeTensors(tensors, to: directory.appendingPathComponent("model.safetensors"))

        // Without modules.json: a plain BertModel directory, mean pooling without normalisation.
        let plain = try SentenceEncoder.load(directory: directory, withPooler: true)
        #expect(plain.pooling == .mean && !plain.normalizes)
        let reference = try SentenceEncoder.load(directory: source, withPooler: true)
        for (name, p) in reference.namedParameters() {
            #expect(plain.parameterMap[name]?.value.scalars == p.value.scalars, "\(name)")
        }
        #expect(SentenceEncoder.isEncoderDirectory(directory))
        #expect(!SentenceEncoder.isEncoderDirectory(Fixtures.url("clip/hf-tiny")))
    }

    @Test("an unknown sentence-transformers module is an error naming modules.json")
    func unsupportedModule() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bert-dense-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixtures.url("bert/tiny-bert"), to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let modules = #"[{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},"#
            + #"{"idx":1,"name":"1","path":"2_Dense","type":"sentence_transformers.models.Dense"}]"#
        try modules.write(to: directory.appendingPathComponent("modules.json"), atomically: true, encoding: .utf8)
        let error = #expect(throws: SentenceEncoderError.self) { try SentenceEncoder.load(directory: directory) }
        #expect(error?.description.contains("modules.json") == true && error?.description.contains("Dense") == true)
    }
}
