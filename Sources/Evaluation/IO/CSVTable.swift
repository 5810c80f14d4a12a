import Foundation

/// A parsed delimiter-separated file (RFC 4180 quoting, quoted fields may span lines).
struct CSVTable {
    /// The file name used in error messages.
    let file: String
    /// Header fields.
    let header: [String]
    /// Records with the physical line each starts on (1-based, header is line 1).
    let records: [(line: Int, fields: [String])]

    /// Parses `text`; every record must have as many fields as the header.
    init(text: String, file: String, delimiter: Character = ",") throws {
        self.file = file
        var rows = try Self.split(text, file: file, delimiter: delimiter)
        guard !rows.isEmpty else {
            throw EvaluationError.malformed(
                file: file, location: "line 1", key: "header", problem: "file is empty")
        }
        var header = rows.removeFirst().fields
        if let first = header.first, first.hasPrefix("\u{FEFF}") {
            header[0] = String(first.dropFirst())
        }
        self.header = header
        for row in rows where row.fields.count != header.count {
            throw EvaluationError.malformed(
                file: file, location: "line \(row.line)", key: "fields",
                problem: "\(row.fields.count) fields, header has \(header.count)")
        }
        self.records = rows
    }

    /// Reads and parses the file at `url`.
    init(contentsOf url: URL, delimiter: Character = ",") throws {
        let text = try readText(url)
        try self.init(text: text, file: url.path, delimiter: delimiter)
    }

    /// Index of column `name`, or a malformed-file error naming the expected column.
    func column(_ name: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw EvaluationError.malformed(
                file: file, location: "line 1 (header)", key: name,
                problem: "missing column; header is \(header.joined(separator: ","))")
        }
        return index
    }

    private static func split(_ text: String, file: String, delimiter: Character) throws
        -> [(line: Int, fields: [String])]
    {
        precondition(delimiter.isASCII, "CSV delimiter must be ASCII")
        let separator = delimiter.asciiValue!
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")
        var rows: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var bytes = Array(text.utf8)
        if bytes.last != newline { bytes.append(newline) }
        var i = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == quote {
                    if i + 1 < bytes.count, bytes[i + 1] == quote {
                        field.append(quote)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == newline { line += 1 }
                    field.append(b)
                }
            } else if b == quote && field.isEmpty {
                inQuotes = true
            } else if b == separator {
                endField()
            } else if b == newline || b == carriage {
                if b == carriage, i + 1 < bytes.count, bytes[i + 1] == newline { i += 1 }
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) { rows.append((recordLine, fields)) }
                fields = []
                line += 1
                recordLine = line
            } else {
                field.append(b)
            }
            i += 1
        }
        if inQuotes {
            throw EvaluationError.malformed(
                file: file, location: "line \(recordLine)", key: "quote",
                problem: "quoted field never closed")
        }
        return rows
    }
}

/// Reads a UTF-8 text file, naming it in the error.
func readText(_ url: URL) throws -> String {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
        throw EvaluationError.malformed(
            file: url.path, location: "file", key: "-", problem: "cannot read: \(error)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw EvaluationError.malformed(
            file: url.path, location: "file", key: "-", problem: "not UTF-8 text")
    }
    return text
}
