import Foundation

/// Parses the Python list literals of NegCLIP TSVs (`['a', "b's"]`, `[2973, 1515]`), i.e. what
/// `ast.literal_eval` accepts for a flat list of strings or integers.
enum PythonLiteral {
    enum Item: Equatable {
        case string(String)
        case integer(Int)
    }

    struct SyntaxError: Error, CustomStringConvertible {
        let description: String
    }

    /// The elements of a flat list literal.
    static func parseList(_ text: String) throws -> [Item] {
        let chars = Array(text.unicodeScalars)
        var i = 0
        func skipSpace() { while i < chars.count, chars[i].properties.isWhitespace { i += 1 } }
        skipSpace()
        guard i < chars.count, chars[i] == "[" else {
            throw SyntaxError(description: "expected '['")
        }
        i += 1
        var items: [Item] = []
        skipSpace()
        if i < chars.count, chars[i] == "]" {
            i += 1
        } else {
            while true {
                skipSpace()
                guard i < chars.count else { throw SyntaxError(description: "unterminated list") }
                if chars[i] == "'" || chars[i] == "\"" {
                    items.append(.string(try parseString(chars, &i)))
                } else {
                    let start = i
                    if chars[i] == "-" { i += 1 }
                    while i < chars.count, ("0" ... "9").contains(chars[i]) { i += 1 }
                    let digits = String(String.UnicodeScalarView(chars[start ..< i]))
                    guard let value = Int(digits) else {
                        throw SyntaxError(description: "unexpected '\(chars[start])' at \(start)")
                    }
                    items.append(.integer(value))
                }
                skipSpace()
                guard i < chars.count else { throw SyntaxError(description: "unterminated list") }
                if chars[i] == "," {
                    i += 1
                    skipSpace()
                    if i < chars.count, chars[i] == "]" { i += 1; break }
                    continue
                }
                guard chars[i] == "]" else {
                    throw SyntaxError(description: "expected ',' or ']' at \(i)")
                }
                i += 1
                break
            }
        }
        skipSpace()
        guard i == chars.count else { throw SyntaxError(description: "trailing text after ']'") }
        return items
    }

    private static func parseString(_ chars: [Unicode.Scalar], _ i: inout Int) throws -> String {
        let quote = chars[i]
        i += 1
        var out = String.UnicodeScalarView()
        while i < chars.count {
            let c = chars[i]
            if c == quote {
                i += 1
                return String(out)
            }
            if c == "\\", i + 1 < chars.count {
                let next = chars[i + 1]
                i += 2
                switch next {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "\\", "'", "\"": out.append(next)
                case "x", "u":
                    let width = next == "x" ? 2 : 4
                    guard i + width <= chars.count,
                        let code = UInt32(
                            String(String.UnicodeScalarView(chars[i ..< (i + width)])),
                            radix: 16),
                        let scalar = Unicode.Scalar(code)
                    else { throw SyntaxError(description: "bad \\\(next) escape") }
                    out.append(scalar)
                    i += width
                default:
                    out.append("\\")
                    out.append(next)
                }
                continue
            }
            out.append(c)
            i += 1
        }
        throw SyntaxError(description: "unterminated string")
    }
}
