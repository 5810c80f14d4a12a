import Foundation
import HTTPTypes
import Hummingbird
import Library
import Logging
import NIOCore

/// The HTTP server of `loupe serve`: a JSON API over a library and the web page at `/`.
///
/// | method | path | does |
/// |---|---|---|
/// | GET | `/` | the search page |
/// | GET | `/api/search?q=&k=&kind=&path=&after=&before=&similarTo=` | weighted text search |
/// | POST | `/api/search` | the same with a JSON body |
/// | POST | `/api/search/image?k=&kind=…` | search by an uploaded image (multipart or raw body) |
/// | GET | `/api/items/{id}` | item metadata |
/// | GET | `/api/items/{id}/similar?k=&kind=…` | more like this |
/// | GET | `/api/items/{id}/thumbnail?size=` | JPEG thumbnail (cached) |
/// | GET | `/api/items/{id}/file` | the original file |
/// | GET | `/api/stats` | `loupe status --json` |
/// | DELETE | `/api/items/{id}` | remove the item's file (token) |
/// | POST | `/api/remove` | remove `{"path": …}` (token) |
/// | POST | `/api/reindex` | re-walk the library's folders (token) |
public enum SearchServer {
    /// The router with every endpoint, for ``application(service:configuration:onStart:)`` and tests.
    public static func router(
        service: SearchService, configuration: ServerConfiguration
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: AccessLogMiddleware(enabled: configuration.accessLog))
        router.add(middleware: ErrorMiddleware(configuration: configuration))
        let routes = Routes(service: service, configuration: configuration, tokens: TokenCheck(token: configuration.token))

        router.get("/") { _, _ in Routes.page() }
        router.get("/index.html") { _, _ in Routes.page() }
        router.get("/api/stats") { _, _ in try Reply.json(try await service.status()) }
        router.get("/api/search") { request, _ in
            try await routes.search(try SearchRequest(query: request.queryPairs()))
        }
        router.post("/api/search") { request, _ in
            let body = try await request.collectBody(limit: configuration.maxJSONBytes, what: "the JSON body")
            return try await routes.search(try SearchRequest(json: body))
        }
        router.post("/api/search/image") { request, _ in try await routes.searchImage(request) }
        router.get("/api/items/:id") { _, context in
            try Reply.json(ResultBody(try await service.item(try Routes.itemID(context))))
        }
        router.get("/api/items/:id/similar") { request, context in
            try await routes.similar(try Routes.itemID(context), request)
        }
        router.get("/api/items/:id/thumbnail") { request, context in
            try await routes.thumbnail(try Routes.itemID(context), request)
        }
        router.get("/api/items/:id/file") { _, context in try await routes.file(try Routes.itemID(context)) }
        router.delete("/api/items/:id") { request, context in
            try routes.tokens.authorize(request)
            let item = try await service.item(try Routes.itemID(context))
            let removed = try await service.remove(path: item.path)
            return try Reply.json(RemovedBody(path: item.path, removedFiles: removed))
        }
        router.post("/api/remove") { request, _ in
            try routes.tokens.authorize(request)
            let body = try await request.collectBody(limit: configuration.maxJSONBytes, what: "the JSON body")
            guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
                let path = object["path"] as? String, !path.isEmpty, object.count == 1
            else { throw APIError.badRequest("the body must be {\"path\": \"FILE OR FOLDER\"}") }
            return try Reply.json(RemovedBody(path: path, removedFiles: try await service.remove(path: path)))
        }
        router.post("/api/reindex") { request, _ in
            try routes.tokens.authorize(request)
            return try Reply.json(try await service.reindex())
        }
        return router
    }

    /// The application listening at the configured address; `onStart` gets the URL once it is
    /// listening (with the real port when the configuration asks for port 0).
    public static func application(
        service: SearchService, configuration: ServerConfiguration,
        onStart: @escaping @Sendable (String) -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var logger = Logger(label: "loupe.serve")
        logger.logLevel = .warning
        let host = configuration.host
        return Application(
            router: router(service: service, configuration: configuration),
            configuration: ApplicationConfiguration(address: .hostname(host, port: configuration.port)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                let shownHost = host.contains(":") ? "[\(host)]" : host
                onStart("http://\(shownHost):\(port)/")
            },
            logger: logger)
    }
}

struct RemovedBody: Encodable, Sendable {
    var path: String
    var removedFiles: Int
}

/// The handlers that need more than one line.
struct Routes: Sendable {
    let service: SearchService
    let configuration: ServerConfiguration
    let tokens: TokenCheck

    static func page() -> Response {
        Reply.bytes(
            Array(WebPage.html.utf8), contentType: "text/html; charset=utf-8",
            headers: [
                HTTPField.Name("Content-Security-Policy")!:
                    "default-src 'none'; img-src 'self' blob: data:; style-src 'unsafe-inline'; "
                    + "script-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'self'",
                .cacheControl: "no-cache",
            ])
    }

    /// The `{id}` path parameter: a positive decimal integer, nothing else.
    static func itemID(_ context: BasicRequestContext) throws -> Int64 {
        let text = context.parameters.get("id") ?? ""
        guard !text.isEmpty, text.count <= 18, text.allSatisfy({ $0.isASCII && $0.isNumber }),
            let id = Int64(text), id > 0
        else {
            throw APIError.badRequest("item ids are positive integers, got '\(text.prefix(64))'")
        }
        return id
    }

    func search(_ request: SearchRequest) async throws -> Response {
        let started = ContinuousClock.now
        let k = try request.resultCount(configuration)
        let results = try await service.search(request, k: k, filter: try request.filter())
        return try Reply.json(
            SearchResponseBody(query: request.q, similarTo: request.similarTo, k: k, started: started, results: results))
    }

    func searchImage(_ request: Request) async throws -> Response {
        let started = ContinuousClock.now
        let parameters = try SearchRequest(query: request.queryPairs())
        guard parameters.q == nil, parameters.similarTo == nil else {
            throw APIError.badRequest("an image search takes k, kind, path, after and before only")
        }
        let k = try parameters.resultCount(configuration)
        let filter = try parameters.filter()
        let body = try await request.collectBody(limit: configuration.maxUploadBytes, what: "the uploaded image")
        let contentType = request.headers[.contentType] ?? "application/octet-stream"
        var image = body
        if contentType.lowercased().hasPrefix("multipart/") {
            guard let boundary = MultipartForm.boundary(contentType: contentType) else {
                throw APIError.badRequest("multipart uploads need Content-Type: multipart/form-data; boundary=…")
            }
            let form = try MultipartForm(body: body, boundary: boundary)
            guard let part = form.parts.first(where: { $0.name == "image" }) ?? form.parts.first(where: { $0.filename != nil })
            else { throw APIError.badRequest("the form has no 'image' field") }
            image = Array(part.body)
        } else if !["image/", "application/octet-stream"].contains(where: { contentType.lowercased().hasPrefix($0) }) {
            throw APIError(.unsupportedMediaType, "upload an image (image/jpeg, image/png) or multipart/form-data")
        }
        guard !image.isEmpty else { throw APIError.badRequest("the uploaded image is empty") }
        let results = try await service.search(imageBytes: image, k: k, filter: filter)
        return try Reply.json(SearchResponseBody(query: nil, similarTo: nil, k: k, started: started, results: results))
    }

    func similar(_ id: Int64, _ request: Request) async throws -> Response {
        let started = ContinuousClock.now
        let parameters = try SearchRequest(query: request.queryPairs())
        guard parameters.q == nil, parameters.similarTo == nil else {
            throw APIError.badRequest("a similar-items search takes k, kind, path, after and before only")
        }
        let k = try parameters.resultCount(configuration)
        let results = try await service.similar(toItem: id, k: k, filter: try parameters.filter())
        return try Reply.json(SearchResponseBody(query: nil, similarTo: id, k: k, started: started, results: results))
    }

    func thumbnail(_ id: Int64, _ request: Request) async throws -> Response {
        var edge = configuration.defaultThumbnailSize
        for (key, value) in try request.queryPairs() {
            guard key == "size" else { throw APIError.badRequest("unknown parameter '\(key)'") }
            guard let n = Int(value), (16 ... configuration.maxThumbnailSize).contains(n) else {
                throw APIError.badRequest("size must be an integer from 16 to \(configuration.maxThumbnailSize)")
            }
            edge = n
        }
        let item = try await service.item(id)
        guard item.kind == .image else {
            throw APIError.notFound("item \(id) is a text passage; it has no thumbnail")
        }
        let cache = service.thumbnails
        let size = edge
        let (bytes, cached) = try await Self.offload { try cache.thumbnail(for: item, edge: size) }
        return Reply.bytes(
            bytes, contentType: "image/jpeg",
            headers: [Reply.cacheStatus: cached ? "hit" : "miss", .cacheControl: "private, max-age=3600"])
    }

    func file(_ id: Int64) async throws -> Response {
        let item = try await service.item(id)
        let bytes = try await Self.offload { try OriginalFile.read(item) }
        let name = ResultBody(item).name.replacingOccurrences(of: "\"", with: "")
        return Reply.bytes(
            bytes, contentType: OriginalFile.contentType(bytes, kind: item.kind),
            headers: [
                .contentDisposition: "inline; filename=\"\(name)\"",
                HTTPField.Name("Content-Security-Policy")!: "default-src 'none'; sandbox",
            ])
    }

    /// Runs blocking file and image work off the server's threads.
    static func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try body() }) }
        }
    }
}
