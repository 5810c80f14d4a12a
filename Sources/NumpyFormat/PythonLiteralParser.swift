/// A value in the tiny Python-literal subset `.npy` headers use.
enum PythonLiteral: Equatable {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case tuple([PythonLiteral])
    case other
}

/// Parses `{'key': value, …}` dictionaries of strings, integers, booleans and tuples.
struct PythonLiteralParser {
    struct Failure: Error {
        let reason: String
    }

    private let characters: [Character]
    private var index = 0

    init(text: String) {
        characters = Array(text)
    }

    mutating func parseDictionary() throws(Failure) -> [String: PythonLiteral] {
        try expect("{")
        var result: [String: PythonLiteral] = [:]
        while true {
            skipSpace()
            if peek() == "}" {
                index += 1
                return result
            }
            guard case .string(let key) = try parseValue() else {
                throw Failure(reason: "dictionary key is not a string")
            }
            try expect(":")
            result[key] = try parseValue()
            skipSpace()
            if peek() == "," { index += 1 }
        }
    }

    private mutating func parseValue() throws(Failure) -> PythonLiteral {
        skipSpace()
        guard let c = peek() else { throw Failure(reason: "unexpected end of header") }
        switch c {
        case "'", "\"":
            index += 1
            var text = ""
            while let d = peek(), d != c {
                text.append(d)
                index += 1
            }
            try expect(c)
            return .string(text)
        case "(", "[":
            index += 1
            let close: Character = c == "(" ? ")" : "]"
            var items: [PythonLiteral] = []
            while true {
                skipSpace()
                if peek() == close {
                    index += 1
                    return c == "(" ? .tuple(items) : .other
                }
                items.append(try parseValue())
                skipSpace()
                if peek() == "," { index += 1 }
            }
        case _ where c.isNumber || c == "-":
            var text = String(c)
            index += 1
            while let d = peek(), d.isNumber || d == "L" {
                if d != "L" { text.append(d) }
                index += 1
            }
            guard let value = Int(text) else { throw Failure(reason: "bad integer \(text)") }
            return .integer(value)
        default:
            var word = ""
            while let d = peek(), d.isLetter || d == "_" {
                word.append(d)
                index += 1
            }
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "": throw Failure(reason: "unexpected character \(c)")
            default: return .other
            }
        }
    }

    private func peek() -> Character? { index < characters.count ? characters[index] : nil }

    private mutating func skipSpace() {
        while let c = peek(), c.isWhitespace { index += 1 }
    }

    private mutating func expect(_ c: Character) throws(Failure) {
        skipSpace()
        guard peek() == c else { throw Failure(reason: "expected '\(c)'") }
        index += 1
    }
}
