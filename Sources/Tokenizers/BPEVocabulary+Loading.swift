import Foundation

extension BPEVocabulary {
    /// The number of merges CLIP uses: `merges[1:49152-256-2+1]` of the BPE file.
    public static let clipMergeCount = 49152 - 256 - 2

    /// Loads open_clip's / openai's `bpe_simple_vocab_16e6.txt.gz`.
    ///
    /// Like the reference, line 1 (the header) is skipped and the next `mergeCount` lines are
    /// the merges; the vocabulary is the 256 byte symbols, the same with `</w>`, the merged
    /// symbols in rank order, then start- and end-of-text.
    /// - Parameters:
    ///   - url: The gzip file.
    ///   - specialTokens: Spelling of the special tokens (open_clip 3.x by default).
    ///   - mergeCount: Merges to read; CLIP uses 48,894.
    /// - Returns: The 49,408-token CLIP vocabulary (for the default `mergeCount`).
    /// - Throws: `TokenizerError` when the file is missing, not gzip, or too short.
    public static func load(
        bpeGzipAt url: URL, specialTokens: SpecialTokenSpelling = .openCLIP,
        mergeCount: Int = clipMergeCount
    ) throws -> BPEVocabulary {
        let data = try readFile(url)
        let text = try utf8Text(Gzip.inflate(data, path: url.path), path: url.path)
        return try load(
            bpeText: text, specialTokens: specialTokens, mergeCount: mergeCount, source: url.path)
    }

    /// Builds the vocabulary from the decompressed text of a `bpe_simple_vocab` file.
    /// - Throws: `TokenizerError.malformedVocabulary` naming `source`.
    public static func load(
        bpeText text: String, specialTokens: SpecialTokenSpelling = .openCLIP,
        mergeCount: Int = clipMergeCount, source: String = "bpe text"
    ) throws -> BPEVocabulary {
        let lines = splitLines(text)
        guard lines.count > mergeCount else {
            throw TokenizerError.malformedVocabulary(
                path: source,
                reason: "\(lines.count) lines, expected a header and \(mergeCount) merges")
        }
        let merges = try parseMerges(lines[1 ... mergeCount], firstLine: 2, source: source)
        var vocabulary = ByteEncoder.bytesInVocabularyOrder.map {
            String(ByteEncoder.scalarForByte[Int($0)])
        }
        vocabulary += vocabulary.map { $0 + "</w>" }
        vocabulary += merges.map { $0.0 + $0.1 }
        vocabulary += [specialTokens.startOfText, specialTokens.endOfText]
        var ids = [String: Int32](minimumCapacity: vocabulary.count)
        for (id, token) in vocabulary.enumerated() {
            ids[token] = Int32(id)
        }
        return try BPEVocabulary(
            ids: ids, merges: merges, specialTokens: specialTokens, source: source)
    }

    /// Loads a Hugging Face `vocab.json` + `merges.txt` pair (a leading `#version` line is
    /// skipped).
    /// - Parameters:
    ///   - vocabURL: The token-to-id JSON object.
    ///   - mergesURL: One merge per line, `left right`.
    ///   - specialTokens: Spelling used for the special tokens. `vocab.json` must contain
    ///     `<|startoftext|>`/`<|endoftext|>` or `<start_of_text>`/`<end_of_text>`; their ids
    ///     are kept and renamed to this spelling.
    /// - Returns: The vocabulary with the ids of `vocab.json`.
    /// - Throws: `TokenizerError` for missing or malformed files.
    public static func load(
        vocabJSONAt vocabURL: URL, mergesAt mergesURL: URL,
        specialTokens: SpecialTokenSpelling = .openAI
    ) throws -> BPEVocabulary {
        let vocabData = try readFile(vocabURL)
        let decoded: [String: Int]
        do {
            decoded = try JSONDecoder().decode([String: Int].self, from: vocabData)
        } catch {
            throw TokenizerError.malformedVocabulary(
                path: vocabURL.path, reason: "not a JSON object of token ids (\(error))")
        }
        var ids = [String: Int32](minimumCapacity: decoded.count)
        for (token, id) in decoded {
            guard let narrow = Int32(exactly: id) else {
                throw TokenizerError.malformedVocabulary(
                    path: vocabURL.path, reason: "id \(id) of \"\(token)\" is out of range")
            }
            ids[token] = narrow
        }
        for spelling in [SpecialTokenSpelling.openAI, .openCLIP] where spelling != specialTokens {
            for (from, to) in [
                (spelling.startOfText, specialTokens.startOfText),
                (spelling.endOfText, specialTokens.endOfText),
            ] {
                if ids[to] == nil, let id = ids.removeValue(forKey: from) {
                    ids[to] = id
                }
            }
        }
        let text = try utf8Text(readFile(mergesURL), path: mergesURL.path)
        var lines = splitLines(text)[...]
        var firstLine = 1
        if lines.first?.hasPrefix("#version") == true {
            lines = lines.dropFirst()
            firstLine = 2
        }
        while lines.last?.isEmpty == true {
            lines = lines.dropLast()
        }
        let merges = try parseMerges(lines, firstLine: firstLine, source: mergesURL.path)
        return try BPEVocabulary(
            ids: ids, merges: merges, specialTokens: specialTokens, source: vocabURL.path)
    }

    private static func parseMerges(
        _ lines: ArraySlice<String>, firstLine: Int, source: String
    ) throws -> [(String, String)] {
        var merges = [(String, String)]()
        merges.reserveCapacity(lines.count)
        for (offset, line) in lines.enumerated() {
            // Python `line.split()`: runs of whitespace separate, ends are ignored.
            let parts = line.unicodeScalars.split(whereSeparator: {
                PythonUnicode.isSpace($0.value)
            })
            guard parts.count == 2 else {
                throw TokenizerError.malformedVocabulary(
                    path: source,
                    reason: "line \(firstLine + offset) is not a merge \"left right\": \"\(line)\"")
            }
            merges.append((String(parts[0]), String(parts[1])))
        }
        return merges
    }

    /// Python `text.split("\n")`: splits on U+000A only, keeping empty lines.
    private static func splitLines(_ text: String) -> [String] {
        text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    private static func readFile(_ url: URL) throws -> Data {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TokenizerError.fileNotFound(path: url.path)
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw TokenizerError.unreadableFile(path: url.path, reason: "\(error)")
        }
    }

    private static func utf8Text(_ data: Data, path: String) throws -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw TokenizerError.malformedVocabulary(path: path, reason: "not UTF-8 text")
        }
        return text
    }
}
