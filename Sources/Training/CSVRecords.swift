import Foundation

/// RFC 4180 CSV records with the line each record starts on, for error messages.
///
/// Quoted fields may hold commas, doubled quotes and newlines; an unterminated quote or a stray
/// quote inside an unquoted field is an error naming the file and line.
enum CSVRecords {
    struct Record {
        var line: Int
        var fields: [String]
    }

    static func parse(_ text: String, path: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1, recordLine = 1
        var inQuotes = false, quoted = false, atFieldStart = true
        var chars = Array(text.unicodeScalars)[...]
        if chars.first == "\u{FEFF}" { chars = chars.dropFirst() }
        var i = chars.startIndex
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !quoted) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = ""
            quoted = false
            atFieldStart = true
        }
        while i < chars.endIndex {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if chars.index(after: i) < chars.endIndex, chars[chars.index(after: i)] == "\"" {
                        field.unicodeScalars.append("\"")
                        i = chars.index(after: i)
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else {
                switch c {
                case ",":
                    fields.append(field)
                    field = ""
                    quoted = false
                    atFieldStart = true
                    i = chars.index(after: i)
                    continue
                case "\r":
                    i = chars.index(after: i)
                    continue
                case "\n":
                    endRecord()
                    line += 1
                    recordLine = line
                    i = chars.index(after: i)
                    continue
                case "\"":
                    guard atFieldStart else {
                        throw TrainingDataError.malformed(path: path, line: line, reason: "a quote inside an unquoted field")
                    }
                    inQuotes = true
                    quoted = true
                default:
                    if quoted {
                        throw TrainingDataError.malformed(path: path, line: line, reason: "text after a closing quote")
                    }
                    field.unicodeScalars.append(c)
                }
                atFieldStart = false
            }
            i = chars.index(after: i)
        }
        if inQuotes { throw TrainingDataError.malformed(path: path, line: recordLine, reason: "unterminated quoted field") }
        if !field.isEmpty || !fields.isEmpty || quoted { endRecord() }
        return records
    }
}
