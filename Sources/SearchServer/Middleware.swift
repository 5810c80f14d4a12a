import Foundation
import HTTPTypes
import Hummingbird

/// One line per request on standard error: method, target, status, bytes, milliseconds.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let enabled: Bool

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        guard enabled else { return response }
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3
        let stamp = ISO8601DateFormatter().string(from: Date())
        let bytes = response.headers[.contentLength] ?? "-"
        let line = "\(stamp) \(request.method) \(request.uri) \(response.status.code) \(bytes) "
            + String(format: "%.1fms", milliseconds) + "\n"
        FileHandle.standardError.write(Data(line.utf8))
        return response
    }
}

/// Turns every error into a JSON error response, and refuses over-long targets and bodies
/// before any handler runs.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let configuration: ServerConfiguration

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            if (request.head.path ?? "").utf8.count > configuration.maxTargetBytes {
                throw APIError(.uriTooLong, "the request target is longer than \(configuration.maxTargetBytes) bytes")
            }
            if let length = request.headers[.contentLength].flatMap({ Int($0) }),
                length > max(configuration.maxUploadBytes, configuration.maxJSONBytes)
            {
                throw APIError.tooLarge(max(configuration.maxUploadBytes, configuration.maxJSONBytes), what: "the request body")
            }
            return try await next(request, context)
        } catch let error as HTTPError {
            let message = error.status == .notFound
                ? "no such endpoint: \(request.method) \(request.uri.path)" : (error.body ?? error.status.reasonPhrase)
            return Reply.error(APIError(error.status, message))
        } catch {
            return Reply.error(APIError.from(error))
        }
    }
}

/// Checks the token of endpoints that change the library.
struct TokenCheck: Sendable {
    let token: String?
    static let header = HTTPField.Name("X-Loupe-Token")!

    /// Passes with the right token (`Authorization: Bearer T` or `X-Loupe-Token: T`).
    ///
    /// - Throws: 403 when the server has no token (read-only) or the token is wrong, 401 when
    ///   the request has none.
    func authorize(_ request: Request) throws {
        guard let token else {
            throw APIError(
                .forbidden,
                "this server is read-only; start it with --token T (or LOUPE_SERVE_TOKEN) to allow changes")
        }
        var given = request.headers[Self.header]
        if given == nil, let authorization = request.headers[.authorization] {
            let prefix = "bearer "
            guard authorization.lowercased().hasPrefix(prefix) else {
                throw APIError(.unauthorized, "use Authorization: Bearer TOKEN")
            }
            given = String(authorization.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        }
        guard let given, !given.isEmpty else {
            throw APIError(.unauthorized, "this endpoint changes the library and needs the server's token")
        }
        guard Self.constantTimeEqual(Array(given.utf8), Array(token.utf8)) else {
            throw APIError(.forbidden, "wrong token")
        }
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for i in 0 ..< max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }
}
