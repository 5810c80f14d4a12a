import Foundation

/// One weighted term of a search query.
public struct QueryTerm: Sendable, Equatable, CustomStringConvertible {
    /// Signed weight: `-` terms are negative.
    public var weight: Float
    /// The phrase (or, for image queries, a file path).
    public var text: String

    public init(weight: Float, text: String) {
        self.weight = weight
        self.text = text
    }

    public var description: String { "\(weight):\(text.debugDescription)" }

    /// The file this term names when it is the path of an existing JPEG or PNG (rclip treats
    /// such terms as image queries); relative paths resolve against `workingDirectory`.
    public func imageFile(workingDirectory: URL? = nil) -> URL? {
        guard ItemKind(fileName: text) == .image else { return nil }
        let base =
            workingDirectory
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let url =
            text.hasPrefix("/")
            ? URL(fileURLWithPath: text) : base.appendingPathComponent(text)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
            !isDirectory.boolValue
        else { return nil }
        return url.standardizedFileURL
    }
}

/// Parses weighted query expressions in rclip's style.
///
/// ```
/// "red car" + 2:"night" - "rain"     → [1:"red car", 2:"night", -1:"rain"]
/// sunset over water - people          → [1:"sunset over water", -1:"people"]
/// 0.5:beach -2:crowd                  → [0.5:"beach", -2:"crowd"]
/// ```
/// - A term is a quoted string (`\"` and `\\` escape) or a run of bare words.
/// - `+` or `-` at the start of a token is an operator (`t-shirt` and `c++` stay words).
/// - `N:` at the start of a term (after the operator) multiplies it: `2:`, `0.5:`, `.5:`;
///   inside a phrase it is text (`meeting at 10:30`).
/// - Adjacent terms without an operator are added (`"cat" "dog"` ≡ `"cat" + "dog"`).
public enum QueryParser {
    /// The terms of `query`.
    ///
    /// - Throws: ``LibraryError/invalidQuery(query:reason:)`` for an empty query, an unterminated
    ///   quote, an empty quoted term, or an operator or weight without a term.
    public static func parse(_ query: String) throws -> [QueryTerm] {
        func fail(_ reason: String) -> LibraryError { .invalidQuery(query: query, reason: reason) }
        var terms: [QueryTerm] = []
        var sign: Float = 1
        var weight: Float?
        var words: [String] = []
        var pendingOperator = false

        func emit(_ text: String) {
            terms.append(QueryTerm(weight: sign * (weight ?? 1), text: text))
            sign = 1
            weight = nil
            pendingOperator = false
        }
        func flushWords() {
            if !words.isEmpty { emit(words.joined(separator: " ")) }
            words = []
        }

        for token in try tokenize(query, fail: fail) {
            switch token {
            case .operator(let negative):
                flushWords()
                if pendingOperator || weight != nil { throw fail("operator without a term") }
                sign = negative ? -1 : 1
                pendingOperator = true
            case .weight(let value, _):
                if weight != nil { throw fail("two weights for one term") }
                weight = value
            case .quoted(let text):
                flushWords()
                guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw fail("empty quoted term")
                }
                emit(text)
            case .word(let word):
                words.append(word)
            }
        }
        flushWords()
        if pendingOperator || weight != nil { throw fail("operator or weight without a term") }
        if terms.isEmpty { throw fail("empty query") }
        return terms
    }

    enum Token: Equatable {
        case `operator`(negative: Bool)
        case weight(Float, spelling: String)
        case quoted(String)
        case word(String)
    }

    static func tokenize(_ query: String, fail: (String) -> LibraryError) throws -> [Token] {
        var tokens: [Token] = []
        let chars = Array(query)
        var i = 0
        var atTokenStart = true
        var inPhrase = false  // the previous token was a bare word
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                i += 1
                atTokenStart = true
                continue
            }
            if c == "\"" {
                var text = ""
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "\\", i + 1 < chars.count, "\"\\".contains(chars[i + 1]) {
                        text.append(chars[i + 1])
                        i += 2
                    } else if chars[i] == "\"" {
                        closed = true
                        i += 1
                        break
                    } else {
                        text.append(chars[i])
                        i += 1
                    }
                }
                if !closed { throw fail("unterminated quote") }
                tokens.append(.quoted(text))
                atTokenStart = true
                inPhrase = false
                continue
            }
            if atTokenStart, c == "+" || c == "-" {
                tokens.append(.operator(negative: c == "-"))
                i += 1
                inPhrase = false
                continue
            }
            if atTokenStart, !inPhrase, let (value, spelling, length) = weightPrefix(chars, at: i) {
                tokens.append(.weight(value, spelling: spelling))
                i += length
                continue
            }
            var word = ""
            while i < chars.count, !chars[i].isWhitespace, chars[i] != "\"" {
                word.append(chars[i])
                i += 1
            }
            tokens.append(.word(word))
            atTokenStart = true
            inPhrase = true
        }
        return tokens
    }

    /// `digits[.digits]:` or `.digits:` at `start`: the value, its spelling, and the length
    /// including the colon.
    private static func weightPrefix(_ chars: [Character], at start: Int) -> (Float, String, Int)? {
        var i = start
        var spelling = ""
        var digits = 0
        var dots = 0
        while i < chars.count, chars[i].isASCII, chars[i].isNumber || chars[i] == "." {
            if chars[i] == "." { dots += 1 } else { digits += 1 }
            spelling.append(chars[i])
            i += 1
        }
        guard digits > 0, dots <= 1, i < chars.count, chars[i] == ":",
            let value = Float(spelling)
        else { return nil }
        return (value, spelling, i - start + 1)
    }
}
