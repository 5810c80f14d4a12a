/// Minimal readers of the text formats of the real benchmark files, used on both the real files
/// and the generated ones.
enum FormatParsers {
    /// RFC 4180 records (quoted fields may hold separators, quotes and newlines); `separator`
    /// is `,` for CSV and a tab for pandas-written TSV.
    static func csv(_ text: String, separator: Character = ",") -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character?
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"": quoted = true
            case separator:
                record.append(field)
                field = ""
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
            case "\r": break
            default: field.append(character)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }

    /// A Python list literal of strings (`['a', "b's"]`), or `nil` if malformed.
    static func pythonStringList(_ text: String) -> [String]? {
        var chars = Array(text)[...]
        func skipSpaces() { while chars.first == " " { chars = chars.dropFirst() } }
        guard chars.first == "[" else { return nil }
        chars = chars.dropFirst()
        var items: [String] = []
        skipSpaces()
        if chars.first == "]" { return chars.count == 1 ? [] : nil }
        while true {
            skipSpaces()
            guard let quote = chars.first, quote == "'" || quote == "\"" else { return nil }
            chars = chars.dropFirst()
            var item = ""
            while true {
                guard let c = chars.first else { return nil }
                chars = chars.dropFirst()
                if c == "\\" {
                    guard let escaped = chars.first else { return nil }
                    chars = chars.dropFirst()
                    item.append(escaped == "n" ? "\n" : escaped == "t" ? "\t" : escaped)
                } else if c == quote {
                    break
                } else {
                    item.append(c)
                }
            }
            items.append(item)
            skipSpaces()
            guard let separator = chars.first else { return nil }
            chars = chars.dropFirst()
            if separator == "]" { return chars.isEmpty ? items : nil }
            guard separator == "," else { return nil }
        }
    }

    /// A Python list literal of integers (`[1, 2, 3]`), or `nil` if malformed.
    static func pythonIntList(_ text: String) -> [Int]? {
        guard text.hasPrefix("["), text.hasSuffix("]") else { return nil }
        let body = text.dropFirst().dropLast()
        if body.allSatisfy({ $0 == " " }) { return [] }
        let parts = body.split(separator: ",").map { $0.trimmingSpaces }
        let values = parts.compactMap { Int($0) }
        return values.count == parts.count ? values : nil
    }
}

extension Substring {
    /// The text without leading and trailing spaces.
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
