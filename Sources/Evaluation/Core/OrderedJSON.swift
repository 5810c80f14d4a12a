import Foundation

/// A minimal JSON writer that keeps keys in the order given (for the one-line CLI summary).
struct OrderedJSON {
    indirect enum Value {
        case string(String)
        case number(Double)
        case object([(String, Value)])
    }

    private var fields: [(String, Value)] = []

    mutating func field(_ key: String, _ value: Value) { fields.append((key, value)) }

    func rendered() -> String { Self.render(.object(fields)) }

    static func render(_ value: Value) -> String {
        switch value {
        case .string(let text): return quote(text)
        case .number(let number): return format(number)
        case .object(let pairs):
            return "{" + pairs.map { quote($0.0) + ": " + render($0.1) }.joined(separator: ", ")
                + "}"
        }
    }

    /// Integers without a fraction, other finite numbers in shortest round-trip form, else null.
    static func format(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return "\(number)"
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
