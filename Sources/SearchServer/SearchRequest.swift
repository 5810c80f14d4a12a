import Foundation
import Library

/// A search as the API receives it (query string or JSON body), before embedding.
struct SearchRequest: Sendable, Equatable, Decodable {
    /// Weighted query text (`"red car" + 2:"night" - "rain"`); every term is text, never a path.
    var q: String?
    /// Number of results.
    var k: Int?
    /// `image`, `text` or `all`.
    var kind: String?
    /// Path glob.
    var path: String?
    /// Only files modified on or after this date (`YYYY-MM-DD`).
    var after: String?
    /// Only files modified before this date (`YYYY-MM-DD`).
    var before: String?
    /// Items similar to this item id (instead of, or added to, the text).
    var similarTo: Int64?

    /// Reads the query string parameters (unknown parameters are refused).
    init(query parameters: [(key: String, value: String)]) throws {
        for (key, value) in parameters {
            switch key {
            case "q": q = value
            case "k":
                guard let n = Int(value) else { throw APIError.badRequest("k must be an integer, got '\(value)'") }
                k = n
            case "kind": kind = value
            case "path": path = value.isEmpty ? nil : value
            case "after": after = value.isEmpty ? nil : value
            case "before": before = value.isEmpty ? nil : value
            case "similarTo", "similar_to":
                guard let id = Int64(value) else {
                    throw APIError.badRequest("similarTo must be an item id, got '\(value)'")
                }
                similarTo = id
            default: throw APIError.badRequest("unknown parameter '\(key)'")
            }
        }
    }

    /// Decodes a JSON body, refusing malformed JSON, wrong types and unknown keys.
    init(json: [UInt8]) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else {
            throw APIError.badRequest("the request body must be a JSON object")
        }
        let known: Set<String> = ["q", "k", "kind", "path", "after", "before", "similarTo"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw APIError.badRequest("unknown key '\(unknown)' in the request body")
        }
        do {
            self = try JSONDecoder().decode(SearchRequest.self, from: Data(json))
        } catch let error as DecodingError {
            throw APIError.badRequest("bad request body: \(Self.describe(error))")
        }
    }

    private init() {}

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context):
            return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' must be \(type)"
        case .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            return context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }

    /// The validated number of results.
    func resultCount(_ configuration: ServerConfiguration) throws -> Int {
        let k = self.k ?? configuration.defaultResults
        guard (1 ... configuration.maxResults).contains(k) else {
            throw APIError.badRequest("k must be between 1 and \(configuration.maxResults), got \(k)")
        }
        return k
    }

    /// The validated filter.
    func filter() throws -> SearchFilter {
        let kind: ItemKind?
        switch self.kind ?? "all" {
        case "all": kind = nil
        case "image": kind = .image
        case "text": kind = .text
        default: throw APIError.badRequest("kind must be image, text or all, got '\(self.kind ?? "")'")
        }
        return SearchFilter(
            kind: kind, pathGlob: path.map { PathGlob($0) }, modifiedFrom: try Self.date(after, "after"),
            modifiedBefore: try Self.date(before, "before"))
    }

    static func date(_ text: String?, _ name: String) throws -> Date? {
        guard let text else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        guard text.count == 10, let date = formatter.date(from: text) else {
            throw APIError.badRequest("\(name) must be a date YYYY-MM-DD, got '\(text)'")
        }
        // The catalog counts nanoseconds since 1970 in 64 bits: years 1678…2261.
        guard let year = Int(text.prefix(4)), (1700 ... 2200).contains(year) else {
            throw APIError.badRequest("\(name) must be a year from 1700 to 2200, got '\(text)'")
        }
        return date
    }

    /// The parsed query terms (all text), or nil without `q`.
    func terms() throws -> [QueryTerm]? {
        guard let q, !q.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        do {
            return try QueryParser.parse(q)
        } catch let error as LibraryError {
            throw APIError.badRequest(error.description)
        }
    }
}
