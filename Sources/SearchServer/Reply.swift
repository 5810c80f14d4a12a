import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Builds the server's responses.
enum Reply {
    static let cacheStatus = HTTPField.Name("X-Loupe-Cache")!
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// A JSON response.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        bytes(Array(try encoder().encode(value)), contentType: "application/json; charset=utf-8", status: status)
    }

    /// `{"error": "..."}` with the error's status.
    static func error(_ error: APIError) -> Response {
        let body = (try? encoder().encode(["error": error.message])) ?? Data("{\"error\":\"internal error\"}".utf8)
        var response = bytes(Array(body), contentType: "application/json; charset=utf-8", status: error.status)
        if error.status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"loupe\"" }
        return response
    }

    /// Raw bytes with a content type.
    static func bytes(
        _ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        fields[contentTypeOptions] = "nosniff"
        fields[.contentLength] = String(bytes.count)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension Request {
    /// The body, refusing more than `limit` bytes with 413 (before reading, by `Content-Length`,
    /// and while reading, for chunked bodies).
    func collectBody(limit: Int, what: String) async throws -> [UInt8] {
        if let length = headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError.tooLarge(limit, what: what)
        }
        var collected: [UInt8] = []
        for try await buffer in body {
            guard collected.count + buffer.readableBytes <= limit else { throw APIError.tooLarge(limit, what: what) }
            collected += buffer.readableBytesView
        }
        return collected
    }

    /// The query parameters in order, decoded as HTML forms encode them (`+` is a space, then
    /// percent escapes).
    ///
    /// - Throws: 400 for a malformed percent escape.
    func queryPairs() throws -> [(key: String, value: String)] {
        guard let query = uri.query, !query.isEmpty else { return [] }
        return try query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) throws -> String {
                guard let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw APIError.badRequest("malformed percent escape in the query: '\(text.prefix(64))'")
                }
                return decoded
            }
            return (try decode(parts[0]), parts.count > 1 ? try decode(parts[1]) : "")
        }
    }
}
