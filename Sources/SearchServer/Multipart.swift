import Foundation

/// The parts of a `multipart/form-data` body (RFC 7578), enough for image uploads.
struct MultipartForm {
    struct Part {
        /// The `name` of the form field.
        var name: String?
        /// The `filename`, for file fields.
        var filename: String?
        /// The part's `Content-Type`, if given.
        var contentType: String?
        var body: ArraySlice<UInt8>
    }

    var parts: [Part] = []

    /// The boundary of a `multipart/form-data; boundary=…` content type, or nil.
    static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() where piece.lowercased().hasPrefix("boundary=") {
            var value = piece.dropFirst("boundary=".count)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            return value.isEmpty || value.count > 200 ? nil : String(value)
        }
        return nil
    }

    /// Splits `body` at `--boundary` lines.
    ///
    /// - Throws: ``APIError`` (400) for a body without the boundary, a part without a header
    ///   end, or a missing closing boundary.
    init(body: [UInt8], boundary: String) throws {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n--\(boundary)".utf8)
        guard var position = Self.find(delimiter, in: body, from: 0) else {
            throw APIError.badRequest("multipart body without its boundary")
        }
        position += delimiter.count
        while true {
            if body[position...].starts(with: Array("--".utf8)) { return }
            guard body[position...].starts(with: Array("\r\n".utf8)) else {
                throw APIError.badRequest("malformed multipart boundary line")
            }
            position += 2
            guard let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: body, from: position) else {
                throw APIError.badRequest("multipart part without the end of its headers")
            }
            let headers = String(decoding: body[position ..< headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let contentEnd = Self.find(separator, in: body, from: contentStart) else {
                throw APIError.badRequest("multipart body without its closing boundary")
            }
            var part = Part(body: body[contentStart ..< contentEnd])
            for line in headers.split(separator: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    part.name = Self.parameter("name", in: String(line))
                    part.filename = Self.parameter("filename", in: String(line))
                } else if lower.hasPrefix("content-type:") {
                    part.contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
            }
            parts.append(part)
            position = contentEnd + separator.count
        }
    }

    /// `key="value"` (or `key=value`) in a header line.
    static func parameter(_ key: String, in line: String) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix(key + "=") else { continue }
            var value = trimmed.dropFirst(key.count + 1)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            return String(value)
        }
        return nil
    }

    /// The first index at or after `start` where `needle` occurs in `haystack`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first, haystack[i ..< i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
