/// Field encoders for the CSV, TSV and Python-literal files the world writes.
enum TextFormats {
    /// A CSV field quoted like Python's `csv` module (minimal quoting, doubled quotes).
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        else { return text }
        var out = "\""
        for character in text {
            out += character == "\"" ? "\"\"" : String(character)
        }
        return out + "\""
    }

    /// A CSV record (fields joined by commas, LF-terminated).
    static func csvRow(_ fields: [String]) -> String {
        fields.map(csvField).joined(separator: ",") + "\n"
    }

    /// A TSV record quoted like pandas' `to_csv(sep="\t")`: a field holding a quote, tab or
    /// line break is wrapped in double quotes with inner quotes doubled.
    static func tsvRow(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "\"" || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            else { return field }
            var out = "\""
            for character in field { out += character == "\"" ? "\"\"" : String(character) }
            return out + "\""
        }.joined(separator: "\t") + "\n"
    }

    /// A Python string literal as `repr` writes it (single quotes unless the text has one and
    /// no double quote).
    static func pythonString(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case quote: out += "\\" + String(quote)
            default: out.append(character)
            }
        }
        out.append(quote)
        return out
    }

    /// A Python list literal of strings: `['a', 'b']`.
    static func pythonList(_ items: [String]) -> String {
        "[" + items.map(pythonString).joined(separator: ", ") + "]"
    }

    /// A Python list literal of integers: `[1, 2, 3]`.
    static func pythonList(_ items: [Int]) -> String {
        "[" + items.map(String.init).joined(separator: ", ") + "]"
    }
}
