import Foundation

/// Parses a JSON file, naming it (and the parser's complaint) on failure.
func readJSON(_ url: URL) throws -> Any {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
        throw EvaluationError.malformed(
            file: url.path, location: "file", key: "-", problem: "cannot read: \(error)")
    }
    return try parseJSON(data, file: url.path, location: "file")
}

/// Parses JSON bytes; `location` says where they came from (e.g. `line 12`).
func parseJSON(_ data: Data, file: String, location: String) throws -> Any {
    do {
        return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    } catch {
        throw EvaluationError.malformed(
            file: file, location: location, key: "-", problem: "invalid JSON: \(error)")
    }
}

/// A JSON object with typed accessors whose errors name the file, record and key.
struct JSONRecord {
    let file: String
    let location: String
    let object: [String: Any]

    /// Wraps `value`, which must be an object.
    init(_ value: Any, file: String, location: String) throws {
        guard let object = value as? [String: Any] else {
            throw EvaluationError.malformed(
                file: file, location: location, key: "-", problem: "expected a JSON object")
        }
        self.file = file
        self.location = location
        self.object = object
    }

    func has(_ key: String) -> Bool { object[key] != nil && !(object[key] is NSNull) }

    func fail(_ key: String, _ problem: String) -> EvaluationError {
        .malformed(file: file, location: location, key: key, problem: problem)
    }

    func string(_ key: String) throws -> String {
        guard let value = object[key] else { throw fail(key, "missing") }
        guard let text = value as? String else { throw fail(key, "expected a string") }
        return text
    }

    /// A string, or the first element of a list of strings (VALSE stores some captions so).
    func stringOrFirst(_ key: String) throws -> String {
        if let list = object[key] as? [Any] {
            guard let first = list.first as? String else {
                throw fail(key, "expected a string or a non-empty list of strings")
            }
            return first
        }
        return try string(key)
    }

    func double(_ key: String) throws -> Double {
        guard let value = object[key] else { throw fail(key, "missing") }
        if let number = value as? Int { return Double(number) }
        if let number = value as? Double { return number }
        if let number = value as? NSNumber { return number.doubleValue }
        if let text = value as? String, let number = Double(text) { return number }
        throw fail(key, "expected a number")
    }

    func int(_ key: String) throws -> Int {
        let value = try double(key)
        guard value == value.rounded(), abs(value) < 1e15 else {
            throw fail(key, "expected an integer, got \(value)")
        }
        return Int(value)
    }

    func strings(_ key: String) throws -> [String] {
        guard let value = object[key] else { throw fail(key, "missing") }
        guard let list = value as? [Any] else { throw fail(key, "expected a list of strings") }
        return try list.enumerated().map { index, item in
            guard let text = item as? String else {
                throw fail("\(key)[\(index)]", "expected a string")
            }
            return text
        }
    }

    func record(_ key: String) throws -> JSONRecord {
        guard let value = object[key] else { throw fail(key, "missing") }
        return try JSONRecord(value, file: file, location: "\(location) → \(key)")
    }

    func list(_ key: String) throws -> [Any] {
        guard let value = object[key] else { throw fail(key, "missing") }
        guard let list = value as? [Any] else { throw fail(key, "expected a list") }
        return list
    }
}

/// Parses JSON Lines: one object per non-blank line; errors name the line.
func readJSONLines(_ url: URL) throws -> [JSONRecord] {
    let text = try readText(url)
    var records: [JSONRecord] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { continue }
        let location = "line \(index + 1)"
        let value = try parseJSON(Data(trimmed.utf8), file: url.path, location: location)
        records.append(try JSONRecord(value, file: url.path, location: location))
    }
    return records
}
