import Foundation
import Testing

@testable import Tokenizers

/// Every caption of COCO val2017, Flickr8k and SugarCrepe in the shared data kit, tokenized and
/// hashed per chunk of 1,000 captions, against `open_clip.tokenize` hashes recorded by
/// `Tools/fixtures/make_tokenizer_fixtures.py` (the captions themselves are not committed).
@Suite(
    "Real caption datasets",
    .enabled(if: Fixtures.hasVocabulary && Fixtures.hasCaptions))
struct DatasetParityTests {
    struct Hashes: Decodable, Sendable {
        struct Dataset: Decodable, Sendable {
            let count: Int
            let chunk_hashes: [String]
        }

        let chunk: Int
        let datasets: [String: Dataset]
    }

    @Test(
        "tokenize over real captions matches open_clip",
        arguments: ["coco_val2017", "flickr8k", "sugarcrepe"])
    func dataset(name: String) throws {
        let hashes: Hashes = try Fixtures.load("dataset_hashes.json")
        let expected = try #require(hashes.datasets[name])
        let texts = try Self.texts(name)
        #expect(texts.count == expected.count)
        let tokenizer = try #require(Fixtures.tokenizer)
        let rows = tokenizer.tokenize(texts)
        var mismatched = [Int]()
        let chunks = expected.chunk_hashes.count
        for (chunk, hash) in expected.chunk_hashes.enumerated() {
            let slice = rows[chunk * hashes.chunk ..< min((chunk + 1) * hashes.chunk, rows.count)]
            if Self.fnv1a(slice) != hash {
                mismatched.append(chunk)
            }
        }
        print(
            "\(name): \(texts.count) captions, "
                + "\(chunks - mismatched.count)/\(chunks) chunks identical"
        )
        #expect(mismatched.isEmpty, "chunks of \(hashes.chunk) that differ: \(mismatched)")
    }

    /// FNV-1a 64 over the little-endian UInt32 bytes of every id.
    static func fnv1a(_ rows: ArraySlice<[Int32]>) -> String {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for row in rows {
            for id in row {
                var bits = UInt32(bitPattern: id)
                for _ in 0 ..< 4 {
                    value = (value ^ UInt64(bits & 0xFF)) &* 0x100_0000_01B3
                    bits >>= 8
                }
            }
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    static func texts(_ name: String) throws -> [String] {
        let data = Fixtures.sharedData
        switch name {
        case "coco_val2017":
            let url = data.appendingPathComponent("coco-captions/captions_val2017.json")
            let json =
                try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
            let annotations = try #require(json?["annotations"] as? [[String: Any]])
            return annotations.compactMap { $0["caption"] as? String }
        case "flickr8k":
            let url = data.appendingPathComponent("flickr8k/captions.csv")
            let rows = parseCSV(try String(contentsOf: url, encoding: .utf8))
            return rows.dropFirst().map { $0[1] }
        default:
            let directory = data.appendingPathComponent("sugarcrepe")
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".json") }.sorted()
            var texts = [String]()
            for file in files {
                let url = directory.appendingPathComponent(file)
                let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
                let entries = try #require(json as? [String: [String: Any]])
                for key in entries.keys.sorted(by: { Int($0)! < Int($1)! }) {
                    texts.append(entries[key]?["caption"] as? String ?? "")
                    texts.append(entries[key]?["negative_caption"] as? String ?? "")
                }
            }
            return texts
        }
    }

    /// Minimal CSV (Python `csv.reader` defaults): commas, double quotes, `""` escapes.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows = [[String]]()
        var row = [String]()
        var field = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending = iterator.next()
        while let scalar = pending {
            pending = iterator.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" {
                quoted = true
            } else if scalar == "," {
                row.append(field)
                field = ""
            } else if scalar == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else if scalar != "\r" {
                field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
