import ArgumentParser
import CaptionNegatives
import Evaluation
import Foundation

struct NegativesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "negatives",
        abstract: "Generate CE-CLIP hard negatives (relation, attribute, object, action) for captions, to inspect and edit.",
        discussion: """
            Reads captions and writes each record with "negatives": {type: text or null} and "valid": \
            {type: bool}. Input: a JSONL file of objects with "caption" (other keys, such as "image", are \
            kept), a Flickr8k-style captions.csv, or a COCO caption JSON. Part-of-speech tags and replacements \
            come from WordNet (Debian's wordnet-base, installed by `make setup`) and curated word lists; the \
            same --seed and caption always give the same negative. Edit the output and pass it to training as \
            data.negatives to override the generator. Besides CE-CLIP's four types, --types accepts ARO's order \
            perturbations (shuffle_nouns_and_adj, shuffle_allbut_nouns_and_adj, shuffle_within_trigrams, \
            shuffle_trigrams).

            Examples:
              loupe negatives --in captions.jsonl --out negatives.jsonl
              loupe negatives --in flickr8k/captions.csv --out flickr.jsonl --seed 3
              loupe negatives --in captions_val2017.json --out coco.jsonl --json
              loupe negatives --in c.jsonl --out n.jsonl --types relation,object
            """)

    @Option(name: .customLong("in"), help: ArgumentHelp("Captions: JSONL, captions.csv or COCO JSON.", valueName: "file"))
    var input: String
    @Option(help: ArgumentHelp("Output JSONL (one record per caption).", valueName: "file")) var out: String
    @Option(help: "Seed of the random choices.") var seed: UInt64 = 0
    @Option(help: ArgumentHelp("Comma-separated negative types.", valueName: "list"))
    var types = NegativeType.allCases.map(\.rawValue).joined(separator: ",")
    @Option(help: "For captions.csv: the split list to keep (train → train.txt); default every caption.")
    var split: String?
    @Flag(help: "Print the summary as JSON.") var json = false

    func validate() throws {
        for name in typeList where !NegativeGenerator.typeNames.contains(name) {
            throw ValidationError(
                "--types: '\(name)' is not one of \(NegativeGenerator.typeNames.joined(separator: ", "))")
        }
        if typeList.isEmpty { throw ValidationError("--types is empty") }
    }

    var typeList: [String] {
        types.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() throws {
        let inputURL = URL(fileURLWithPath: input)
        let generator = NegativeGenerator(wordNet: try WordNet.shared(), seed: seed)
        let records = try Self.readRecords(inputURL, split: split)
        let outputURL = URL(fileURLWithPath: out)
        guard FileManager.default.createFile(atPath: outputURL.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: outputURL)
        else { throw CLIError("\(outputURL.path): cannot create the output file") }
        defer { try? handle.close() }
        let names = typeList
        var validCounts = [String: Int](uniqueKeysWithValues: names.map { ($0, 0) })
        let progress = ProgressLine(label: "negatives", total: records.count)
        let chunk = 512
        for start in stride(from: 0, to: records.count, by: chunk) {
            let slice = records[start ..< min(records.count, start + chunk)]
            let captions = slice.map { $0["caption"] as? String ?? "" }
            let generated = generator.negatives(named: names, ofAll: captions)
            for (record, negatives) in zip(slice, generated) {
                handle.write(Data((Self.line(for: record, names: names, generated: negatives) + "\n").utf8))
                for name in negatives.keys { validCounts[name, default: 0] += 1 }
            }
            progress.update(start + slice.count)
        }
        progress.finish()
        let summary = NegativesSummary(
            input: inputURL.path, output: outputURL.path, seed: seed, captions: records.count,
            types: names.map { ($0, validCounts[$0] ?? 0) })
        print(json ? summary.json : summary.table)
    }

    /// One output record: `record` with the generated negatives and validity of `names`.
    static func line(for record: [String: Any], names: [String], generated: [String: String]) -> String {
        var object = record
        var negatives = (record["negatives"] as? [String: Any]) ?? [:]
        var valid = (record["valid"] as? [String: Any]) ?? [:]
        for name in names {
            negatives[name] = generated[name] ?? NSNull()
            valid[name] = generated[name] != nil
        }
        object["negatives"] = negatives
        object["valid"] = valid
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The caption records of `url`: JSONL objects as written, or `{image, caption}` pairs
    /// from a captions.csv / COCO / Karpathy file.
    static func readRecords(_ url: URL, split: String?) throws -> [[String: Any]] {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CLIError("\(url.path): no such file (give captions as JSONL, captions.csv or COCO caption JSON)")
        }
        if url.pathExtension.lowercased() == "jsonl" {
            let text: String
            do { text = try String(contentsOf: url, encoding: .utf8) } catch {
                throw CLIError("\(url.path): cannot read: \(error.localizedDescription)")
            }
            var records: [[String: Any]] = []
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                    throw CLIError("\(url.path):\(i + 1): not a JSON object")
                }
                guard object["caption"] is String else {
                    throw CLIError("\(url.path):\(i + 1): 'caption' is missing or not a string")
                }
                records.append(object)
            }
            return records
        }
        let set = try CaptionSet.load(url, split: split)
        return set.captions.indices.map { ["image": set.images[set.imageOfCaption[$0]], "caption": set.captions[$0]] }
    }
}

/// Counts per type, printed as a table or JSON.
struct NegativesSummary {
    let input: String
    let output: String
    let seed: UInt64
    let captions: Int
    let types: [(name: String, valid: Int)]

    var table: String {
        var lines = ["type                          valid   invalid   coverage"]
        for (name, valid) in types {
            let coverage = captions > 0 ? 100 * Double(valid) / Double(captions) : 0
            lines.append(
                name.padding(toLength: 28, withPad: " ", startingAt: 0)
                    + String(format: "%7d %9d %9.1f%%", valid, captions - valid, coverage))
        }
        lines.append("\(captions) captions from \(input) → \(output) (seed \(seed))")
        return lines.joined(separator: "\n")
    }

    var json: String {
        var perType: [String: Any] = [:]
        for (name, valid) in types {
            perType[name] = ["valid": valid, "invalid": captions - valid]
        }
        let object: [String: Any] = [
            "input": input, "output": output, "seed": seed, "captions": captions, "types": perType,
        ]
        let data = (try? JSONSerialization.data(
            withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
