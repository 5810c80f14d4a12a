import Foundation

/// Errors reading a negatives file, naming the file, line and key.
public enum NegativesFileError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case malformed(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read negatives: \(reason)"
        case let .malformed(path, line, reason): return "\(path):\(line): \(reason)"
        }
    }
}

/// A user negatives file (JSONL), the format `loupe negatives` writes: one object per line with
/// `caption`, optional `image`, `negatives` (`{type: text|null}`) and optional `valid`
/// (`{type: bool}`). Other keys are ignored. A type is valid when its text is a non-empty
/// string and `valid[type]` is not `false`; a type listed with `null` or `valid: false` is
/// explicitly invalid, which also overrides the generator.
///
/// Records match training examples by caption text; a record with an `image` matches only
/// examples whose image path equals it or ends with `/` + it.
public struct UserNegatives: Sendable {
    /// Overrides of one record: type → text, `nil` for explicitly invalid.
    public typealias Overrides = [String: String?]

    struct Record: Sendable {
        var image: String?
        var overrides: Overrides
    }

    private var byCaption: [String: [Record]] = [:]
    /// Records read.
    public private(set) var count = 0

    /// An empty override set.
    public init() {}

    /// Reads `url`.
    public static func read(_ url: URL) throws -> UserNegatives {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw NegativesFileError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        var result = UserNegatives()
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let (caption, image, overrides) = try parse(trimmed, path: url.path, line: i + 1)
            result.add(caption: caption, image: image, overrides: overrides)
        }
        return result
    }

    /// Parses one record line into caption, image and overrides.
    public static func parse(_ line: String, path: String, line number: Int) throws
        -> (caption: String, image: String?, overrides: Overrides)
    {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
            throw NegativesFileError.malformed(path: path, line: number, reason: "not a JSON object")
        }
        guard let caption = object["caption"] as? String else {
            throw NegativesFileError.malformed(path: path, line: number, reason: "'caption' is missing or not a string")
        }
        var image: String?
        if let value = object["image"], !(value is NSNull) {
            guard let path = value as? String else {
                throw NegativesFileError.malformed(path: path, line: number, reason: "'image' is not a string")
            }
            image = path
        }
        var overrides: Overrides = [:]
        if let value = object["negatives"], !(value is NSNull) {
            guard let negatives = value as? [String: Any] else {
                throw NegativesFileError.malformed(path: path, line: number, reason: "'negatives' is not an object")
            }
            for (type, text) in negatives {
                if let text = text as? String, !text.isEmpty {
                    overrides[type] = .some(text)
                } else if text is NSNull || (text as? String)?.isEmpty == true {
                    overrides[type] = .some(nil)
                } else {
                    throw NegativesFileError.malformed(
                        path: path, line: number, reason: "'negatives.\(type)' is not a string or null")
                }
            }
        }
        if let value = object["valid"], !(value is NSNull) {
            guard let valid = value as? [String: Any] else {
                throw NegativesFileError.malformed(path: path, line: number, reason: "'valid' is not an object")
            }
            for (type, flag) in valid {
                guard let flag = flag as? Bool else {
                    throw NegativesFileError.malformed(path: path, line: number, reason: "'valid.\(type)' is not true or false")
                }
                if !flag { overrides[type] = .some(nil) }
            }
        }
        return (caption, image, overrides)
    }

    /// Adds one record.
    public mutating func add(caption: String, image: String?, overrides: Overrides) {
        byCaption[caption, default: []].append(Record(image: image, overrides: overrides))
        count += 1
    }

    /// The overrides for an example with `caption` and image path `imagePath`: a record naming
    /// this image first, else a record without an image; `nil` when none matches.
    public func overrides(caption: String, imagePath: String?) -> Overrides? {
        guard let records = byCaption[caption] else { return nil }
        if let imagePath,
            let match = records.first(where: { record in
                guard let image = record.image else { return false }
                return imagePath == image || imagePath.hasSuffix("/" + image)
            })
        {
            return match.overrides
        }
        return records.first { $0.image == nil }?.overrides
    }
}
