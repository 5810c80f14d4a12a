import Foundation

/// The three open word classes the negatives edit, with WordNet's file names and synset tags.
public enum WordClass: String, CaseIterable, Sendable, Hashable, Codable {
    case noun
    case verb
    case adjective

    /// The suffix of WordNet's `index.*` / `data.*` / `*.exc` files.
    var fileSuffix: String { self == .adjective ? "adj" : rawValue }
}

/// Errors reading the WordNet database, naming the file.
public enum WordNetError: Error, CustomStringConvertible, Equatable {
    case missingFile(path: String)
    case malformed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .missingFile(path):
            return "\(path): WordNet file not found; run `make setup` (installs Debian's wordnet-base) "
                + "or set LOUPE_WORDNET to a folder holding index.noun, data.noun, … "
        case let .malformed(path, reason): return "\(path): malformed WordNet file: \(reason)"
        }
    }
}

/// One WordNet synset: its words (most common first) and its pointers.
public struct Synset: Sendable, Hashable {
    /// A pointer to another synset (`@` hypernym, `~` hyponym, `!` antonym, `&` similar-to, …).
    public struct Pointer: Sendable, Hashable {
        public var symbol: String
        public var offset: Int
        public var wordClass: WordClass
        /// 1-based word index in this synset the pointer starts from, 0 for the whole synset.
        public var sourceWord: Int
        /// 1-based word index in the target synset, 0 for the whole synset.
        public var targetWord: Int
    }

    public var offset: Int
    public var wordClass: WordClass
    /// WordNet's lexicographer file number (`noun.animal` = 5, `noun.artifact` = 6, …).
    public var lexicographerFile: Int
    /// `s` for adjective satellites, else the class letter.
    public var isSatellite: Bool
    /// Lower-cased words, underscores kept (`domestic_dog`), adjective markers like `(a)` removed.
    public var words: [String]
    public var pointers: [Pointer]

    /// Offsets of pointers with `symbol`.
    public func targets(_ symbol: String) -> [Int] {
        pointers.filter { $0.symbol == symbol }.map(\.offset)
    }
}

/// One line of an `index.*` file.
public struct LemmaEntry: Sendable, Hashable {
    public var lemma: String
    public var wordClass: WordClass
    /// Synsets holding the lemma, most frequent sense first (WordNet's sense order).
    public var synsets: [Int]
    /// Senses of the lemma tagged in the SemCor concordance: a corpus frequency (0 = rare).
    public var taggedSenseCount: Int
}

/// Read-only access to Princeton WordNet 3.0's database files as Debian's `wordnet-base`
/// installs them (`/usr/share/wordnet`), without loading them into tables.
///
/// The `index.*` files are sorted byte-wise by lemma, so lookups are a binary search over the
/// file's lines; the `data.*` files are addressed by byte offset (the synset id), so a synset is
/// parsed only when asked for. Only the exception lists (`*.exc`, a few thousand lines) are read
/// into dictionaries. Load time is a few file reads; every lookup is a few microseconds.
public final class WordNet: Sendable {
    /// The folder the files were read from.
    public let directory: URL
    private let index: [WordClass: LineFile]
    private let data: [WordClass: [UInt8]]
    /// Inflected form → base forms, from `noun.exc`, `verb.exc`, `adj.exc`.
    private let exceptions: [WordClass: [String: [String]]]
    /// Base form → its irregular forms (the exception lists inverted).
    private let irregularForms: [WordClass: [String: [String]]]
    /// `index.adv`, for telling adverbs (`heavily`, `already`) from unknown nouns.
    private let adverbIndex: LineFile
    private let cache = SynsetCache()

    /// The default folder: `$LOUPE_WORDNET`, else `/usr/share/wordnet`.
    public static var defaultDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["LOUPE_WORDNET"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: "/usr/share/wordnet")
    }

    /// Reads the database in `directory`.
    /// - Throws: ``WordNetError/missingFile(path:)`` naming the first absent file.
    public init(directory: URL = WordNet.defaultDirectory) throws {
        self.directory = directory
        var index: [WordClass: LineFile] = [:]
        var data: [WordClass: [UInt8]] = [:]
        var exceptions: [WordClass: [String: [String]]] = [:]
        for wordClass in WordClass.allCases {
            let suffix = wordClass.fileSuffix
            index[wordClass] = LineFile(bytes: try Self.read(directory, "index.\(suffix)"))
            data[wordClass] = try Self.read(directory, "data.\(suffix)")
            var table: [String: [String]] = [:]
            let text = String(decoding: try Self.read(directory, "\(suffix).exc"), as: UTF8.self)
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ").map(String.init)
                guard fields.count >= 2 else { continue }
                table[fields[0], default: []] += fields.dropFirst()
            }
            exceptions[wordClass] = table
        }
        self.index = index
        self.data = data
        self.exceptions = exceptions
        var irregular: [WordClass: [String: [String]]] = [:]
        for (wordClass, table) in exceptions {
            var inverted: [String: [String]] = [:]
            for (form, bases) in table {
                for base in bases { inverted[base, default: []].append(form) }
            }
            irregular[wordClass] = inverted.mapValues { $0.sorted() }
        }
        irregularForms = irregular
        adverbIndex = LineFile(bytes: try Self.read(directory, "index.adv"))
    }

    private static func read(_ directory: URL, _ name: String) throws -> [UInt8] {
        let url = directory.appendingPathComponent(name)
        guard let contents = FileManager.default.contents(atPath: url.path) else {
            throw WordNetError.missingFile(path: url.path)
        }
        return [UInt8](contents)
    }

    nonisolated(unsafe) private static var cached: WordNet?
    private static let cacheLock = NSLock()

    /// The database in ``defaultDirectory``, read once per process.
    public static func shared() throws -> WordNet {
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let cached { return cached }
        let loaded = try WordNet()
        cached = loaded
        return loaded
    }

    // MARK: - Lookups

    /// The index entry of `lemma` (lower-case, spaces as underscores), if WordNet has it.
    public func entry(_ lemma: String, _ wordClass: WordClass) -> LemmaEntry? {
        guard let file = index[wordClass], let line = file.find(key: Array(lemma.utf8)) else { return nil }
        let fields = line.split(separator: " ")
        // lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…
        guard fields.count >= 4, let synsetCount = Int(fields[2]), let pointerCount = Int(fields[3]) else {
            return nil
        }
        let tagged = 4 + pointerCount + 1
        guard fields.count >= tagged + 1 + synsetCount, let taggedCount = Int(fields[tagged]) else { return nil }
        let offsets = fields[(tagged + 1) ..< (tagged + 1 + synsetCount)].compactMap { Int($0) }
        return LemmaEntry(lemma: lemma, wordClass: wordClass, synsets: offsets, taggedSenseCount: taggedCount)
    }

    /// Whether WordNet lists `word` (lower-case) as an adverb.
    public func isAdverb(_ word: String) -> Bool { adverbIndex.find(key: Array(word.utf8)) != nil }

    /// The synset at `offset` in `data.<class>` (parsed once, then cached).
    public func synset(_ offset: Int, _ wordClass: WordClass) -> Synset? {
        if let hit = cache.get(offset, wordClass) { return hit }
        let parsed = parseSynset(offset, wordClass)
        if let parsed { cache.set(parsed) }
        return parsed
    }

    private func parseSynset(_ offset: Int, _ wordClass: WordClass) -> Synset? {
        guard let bytes = data[wordClass], offset >= 0, offset < bytes.count else { return nil }
        var end = offset
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        let line = String(decoding: bytes[offset ..< end], as: UTF8.self)
        let body = line.split(separator: "|", maxSplits: 1).first ?? ""
        let fields = body.split(separator: " ").map(String.init)
        guard fields.count >= 4, Int(fields[0]) == offset, let lexFile = Int(fields[1]),
            let wordCount = Int(fields[3], radix: 16)
        else { return nil }
        var words: [String] = []
        var i = 4
        for _ in 0 ..< wordCount where i + 1 < fields.count {
            var word = fields[i].lowercased()
            if let marker = word.firstIndex(of: "(") { word = String(word[..<marker]) }
            words.append(word)
            i += 2
        }
        guard i < fields.count, let pointerCount = Int(fields[i]) else { return nil }
        i += 1
        var pointers: [Synset.Pointer] = []
        for _ in 0 ..< pointerCount where i + 3 < fields.count {
            let classLetter = fields[i + 2]
            let targetClass: WordClass? = switch classLetter {
            case "n": .noun
            case "v": .verb
            case "a", "s": .adjective
            default: nil
            }
            let sourceTarget = fields[i + 3]
            if let targetClass, let target = Int(fields[i + 1]), sourceTarget.count == 4,
                let source = Int(sourceTarget.prefix(2), radix: 16), let goal = Int(sourceTarget.suffix(2), radix: 16)
            {
                pointers.append(Synset.Pointer(
                    symbol: fields[i], offset: target, wordClass: targetClass, sourceWord: source, targetWord: goal))
            }
            i += 4
        }
        return Synset(
            offset: offset, wordClass: wordClass, lexicographerFile: lexFile, isSatellite: fields[2] == "s",
            words: words, pointers: pointers)
    }

    /// Every synset of `lemma` in `wordClass`, most frequent sense first.
    public func synsets(of lemma: String, _ wordClass: WordClass) -> [Synset] {
        (entry(lemma, wordClass)?.synsets ?? []).compactMap { synset($0, wordClass) }
    }

    /// Base forms of a (possibly inflected) word that WordNet lists in `wordClass`, in this
    /// order: the word itself, its exception-list bases (`men` → `man`, `sat` → `sit`), then
    /// WordNet's `morphy` suffix rules, plus an undoubled stem for `-ing`/`-ed` (`sitting` → `sit`).
    public func baseForms(of word: String, _ wordClass: WordClass) -> [String] {
        let word = word.lowercased()
        var candidates: [String] = [word]
        candidates += exceptions[wordClass]?[word] ?? []
        for (suffix, replacement) in Self.morphyRules[wordClass] ?? [] where word.hasSuffix(suffix) {
            let stem = String(word.dropLast(suffix.count))
            guard stem.count >= 2 else { continue }
            candidates.append(stem + replacement)
            if wordClass == .verb, replacement.isEmpty, suffix == "ing" || suffix == "ed",
                let last = stem.last, stem.count >= 3, stem.dropLast().last == last
            {
                candidates.append(String(stem.dropLast()))
            }
        }
        var seen: Set<String> = []
        return candidates.filter { seen.insert($0).inserted && entry($0, wordClass) != nil }
    }

    /// Whether `form` is an irregular inflection (an exception-list entry) of `base`.
    public func isException(_ form: String, of base: String, _ wordClass: WordClass) -> Bool {
        exceptions[wordClass]?[form]?.contains(base) ?? false
    }

    /// Irregular inflections of `base` in the exception list (`sit` → `sat`, `sitting`).
    public func exceptionForms(of base: String, _ wordClass: WordClass) -> [String] {
        irregularForms[wordClass]?[base] ?? []
    }

    /// WordNet's `morphy` detachment rules (`morph.c`), per class.
    static let morphyRules: [WordClass: [(String, String)]] = [
        .noun: [
            ("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
            ("men", "man"), ("ies", "y"),
        ],
        .verb: [
            ("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"),
            ("ing", ""),
        ],
        .adjective: [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
    ]
}

/// Parsed synsets shared by every thread using one database.
final class SynsetCache: @unchecked Sendable {
    private var storage: [WordClass: [Int: Synset]] = [:]
    private let lock = NSLock()

    func get(_ offset: Int, _ wordClass: WordClass) -> Synset? {
        lock.lock()
        defer { lock.unlock() }
        return storage[wordClass]?[offset]
    }

    func set(_ synset: Synset) {
        lock.lock()
        storage[synset.wordClass, default: [:]][synset.offset] = synset
        lock.unlock()
    }
}

/// A sorted text file searched by its lines' first field, without splitting it into strings.
struct LineFile: Sendable {
    let bytes: [UInt8]
    /// Start offsets of the data lines (license header lines, which begin with a space, skipped).
    let lineStarts: [Int]

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts: [Int] = []
        var start = 0
        bytes.withUnsafeBufferPointer { buffer in
            while start < buffer.count {
                var end = start
                while end < buffer.count, buffer[end] != UInt8(ascii: "\n") { end += 1 }
                if end > start, buffer[start] != UInt8(ascii: " ") { starts.append(start) }
                start = end + 1
            }
        }
        lineStarts = starts
    }

    /// The line whose first field equals `key` (byte-wise), without its newline.
    func find(key: [UInt8]) -> Substring? {
        var low = 0, high = lineStarts.count - 1
        let space = UInt8(ascii: " ")
        return bytes.withUnsafeBufferPointer { buffer -> Substring? in
            while low <= high {
                let mid = (low + high) / 2
                let start = lineStarts[mid]
                // Compare key with the field at `start` (terminated by a space).
                var i = 0
                var order = 0
                while true {
                    let fieldByte: UInt8? = start + i < buffer.count && buffer[start + i] != space
                        && buffer[start + i] != UInt8(ascii: "\n") ? buffer[start + i] : nil
                    let keyByte: UInt8? = i < key.count ? key[i] : nil
                    switch (keyByte, fieldByte) {
                    case (nil, nil): order = 0
                    case (nil, _): order = -1
                    case (_, nil): order = 1
                    case let (k?, f?): order = k < f ? -1 : k > f ? 1 : 2
                    }
                    if order != 2 { break }
                    i += 1
                }
                if order == 0 {
                    var end = start
                    while end < buffer.count, buffer[end] != UInt8(ascii: "\n") { end += 1 }
                    return Substring(String(decoding: buffer[start ..< end], as: UTF8.self))
                }
                if order < 0 { high = mid - 1 } else { low = mid + 1 }
            }
            return nil
        }
    }
}
