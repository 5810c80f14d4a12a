/// A JSON value with ordered object keys, serialised byte-for-byte deterministically.
///
/// Pretty output follows Python's `json.dump(indent=4)` (the layout of the SugarCrepe files);
/// compact output follows `json.dumps` defaults (`", "` and `": "` separators), one line.
enum JSONValue: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// One-line serialisation.
    var compact: String {
        var out = ""
        write(into: &out, indent: nil, level: 0)
        return out
    }

    /// Multi-line serialisation with four-space indentation.
    var pretty: String {
        var out = ""
        write(into: &out, indent: 4, level: 0)
        return out
    }

    private func write(into out: inout String, indent: Int?, level: Int) {
        switch self {
        case .string(let text):
            Self.quote(text, into: &out)
        case .int(let value):
            out += String(value)
        case .bool(let value):
            out += value ? "true" : "false"
        case .null:
            out += "null"
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                Self.newline(into: &out, indent: indent, level: level + 1, first: i == 0)
                item.write(into: &out, indent: indent, level: level + 1)
            }
            Self.newline(into: &out, indent: indent, level: level, first: true)
            out += "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                Self.newline(into: &out, indent: indent, level: level + 1, first: i == 0)
                Self.quote(key, into: &out)
                out += ": "
                value.write(into: &out, indent: indent, level: level + 1)
            }
            Self.newline(into: &out, indent: indent, level: level, first: true)
            out += "}"
        }
    }

    /// A line break and indentation (pretty), or the space after a comma (compact).
    private static func newline(into out: inout String, indent: Int?, level: Int, first: Bool) {
        if let indent {
            out += "\n" + String(repeating: " ", count: indent * level)
        } else if !first {
            out += " "
        }
    }

    /// A JSON string literal; non-ASCII is escaped as `\uXXXX` like Python's default.
    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20 ... 0x7E: out += String(UnicodeScalar(UInt8(unit)))
            default:
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        out += "\""
    }
}
