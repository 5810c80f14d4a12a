import Foundation
import HTTPTypes
import HummingbirdTesting
import Library
import NIOCore
import SearchServer
import Testing

@Suite("loupe serve: traversal, limits, malformed requests, tokens")
struct SafetyTests {
    /// Targets that try to reach files outside the library, in raw, encoded and double-encoded forms.
    static let traversals = [
        "/api/items/../../../../etc/passwd",
        "/api/items/..%2f..%2f..%2f..%2fetc%2fpasswd/file",
        "/api/items/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd/file",
        "/api/items/%252e%252e%252f%252e%252e%252fetc%252fpasswd/file",
        "/api/items/%2fetc%2fpasswd/file",
        "/api/items//etc/passwd/file",
        "/api/items/1/file/../../../../etc/passwd",
        "/api/items/1%2f..%2f..%2fetc%2fpasswd/file",
        "/api/items/0/file",
        "/api/items/-1/file",
        "/api/items/99999999999999999999/file",
        "/api/items/9223372036854775807/file",
        "/api/items/1e3/file",
        "/api/items/0x10/file",
        "/api/items/%31/file",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/etc/passwd",
        "/api/file?path=/etc/passwd",
        "/api/items/1/thumbnail?size=../../../etc/passwd",
        "/api/items/1/thumbnail?path=/etc/passwd",
    ]

    @Test("traversal attempts and bad ids are refused with a JSON 4xx, in process and over a live socket")
    func traversal() async throws {
        guard let library = try ServerLibrary.shared() else { return }
        let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8)).map { String($0.prefix(12)) }
        for live in [false, true] {
            try await library.test(live: live) { client in
                for target in Self.traversals {
                    let response = try await client.get(target)
                    #expect((400 ..< 500).contains(response.status.code), "\(target) (live \(live)): \(response.status)")
                    #expect(response.errorMessage != nil, "\(target): \(response.text)")
                    if let passwd, !passwd.isEmpty { #expect(!response.text.contains(passwd), "\(target) leaked /etc/passwd") }
                }
            }
        }
    }

    @Test("a symbolic link put in an indexed file's place is not followed")
    func symlinkSwap() async throws {
        guard let library = try ServerLibrary.fresh() else { return }
        let id = try library.itemID("noise.png")
        let path = try #require(library.images["noise.png"])
        try FileManager.default.removeItem(at: path)
        try FileManager.default.createSymbolicLink(atPath: path.path, withDestinationPath: "/etc/passwd")
        try await library.test { client in
            for endpoint in ["file", "thumbnail"] {
                let response = try await client.get("/api/items/\(id)/\(endpoint)")
                #expect(response.status == .forbidden, "\(endpoint): \(response.text)")
            }
        }
    }

    @Test("oversized uploads and JSON bodies get 413, over-long targets 414")
    func limits() async throws {
        guard let library = try ServerLibrary.shared() else { return }
        var configuration = ServerConfiguration()
        configuration.maxUploadBytes = 4000
        configuration.maxJSONBytes = 200
        configuration.maxTargetBytes = 512
        let image = [UInt8](try Data(contentsOf: try #require(library.images["noise.png"])))
        #expect(image.count > 4000)
        for live in [false, true] {
            try await library.test(configuration: configuration, live: live) { client in
                let upload = try await client.post("/api/search/image", body: image, headers: [.contentType: "image/png"])
                #expect(upload.status == .contentTooLarge, "\(upload.text)")
                #expect(upload.errorMessage?.contains("4000") == true)
                let json = try await client.post("/api/search", json: #"{"q": "\#(String(repeating: "x", count: 400))"}"#)
                #expect(json.status == .contentTooLarge, "\(json.text)")
                let long = try await client.get("/api/search?q=" + String(repeating: "a", count: 600))
                #expect(long.status == .uriTooLong, "\(long.text)")
            }
        }
        // Within the limits the same server answers.
        configuration.maxUploadBytes = image.count
        try await library.test(configuration: configuration) { client in
            let upload = try await client.post("/api/search/image?k=1", body: image, headers: [.contentType: "image/png"])
            #expect(upload.status == .ok, "\(upload.text)")
        }
    }

    @Test("bad JSON, bad parameters and bad uploads are 400/415 JSON errors")
    func malformed() async throws {
        guard let library = try ServerLibrary.shared() else { return }
        try await library.test { client in
            let bodies = [
                "{bad", "[]", "\"rust\"", #"{"q": 3}"#, #"{"q": "x", "k": "ten"}"#, #"{"q": "x", "unknown": 1}"#,
                #"{"q": "x", "kind": "video"}"#, #"{"q": "x", "after": "yesterday"}"#, #"{"k": 3}"#, "",
                #"{"q": "\"unterminated"}"#, #"{"q": "x", "k": 0}"#, #"{"similarTo": "one"}"#,
            ]
            for body in bodies {
                let response = try await client.post("/api/search", json: body)
                #expect(response.status == .badRequest, "\(body): \(response.status) \(response.text)")
                #expect(response.errorMessage?.isEmpty == false, "\(body): \(response.text)")
            }
            let queries = [
                "q=rust&k=0", "q=rust&k=abc", "q=rust&k=100000", "q=rust&kind=video", "q=rust&after=2024-13-45",
                "q=rust&before=01/02/2024", "q=rust&after=2999-01-01", "q=rust&before=0001-01-01", "q=rust&color=red", "q=", "", "q=%22open", "q=+", "q=50%", "q=%zz", "similarTo=abc",
            ]
            for query in queries {
                let response = try await client.get("/api/search?" + query)
                #expect(response.status == .badRequest, "\(query): \(response.status) \(response.text)")
                #expect(response.errorMessage != nil)
            }
            let notImage = try await client.post("/api/search/image", body: Array("hello".utf8), headers: [.contentType: "image/png"])
            #expect(notImage.status == .unsupportedMediaType, "\(notImage.text)")
            let truncated = [UInt8](try Data(contentsOf: try #require(library.images["green-checker.png"]))).prefix(200)
            let corrupt = try await client.post("/api/search/image", body: Array(truncated), headers: [.contentType: "image/png"])
            #expect((400 ..< 500).contains(corrupt.status.code), "\(corrupt.text)")
            let wrongType = try await client.post("/api/search/image", body: [1, 2, 3], headers: [.contentType: "text/plain"])
            #expect(wrongType.status == .unsupportedMediaType)
            let noBoundary = try await client.post("/api/search/image", body: [1, 2, 3], headers: [.contentType: "multipart/form-data"])
            #expect(noBoundary.status == .badRequest)
            let unclosed = try await client.post(
                "/api/search/image", body: Array("--b\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\nxx".utf8),
                headers: [.contentType: "multipart/form-data; boundary=b"])
            #expect(unclosed.status == .badRequest, "\(unclosed.text)")
            let empty = try await client.post("/api/search/image", body: [], headers: [.contentType: "image/jpeg"])
            #expect(empty.status == .badRequest)
            let withQuery = try await client.post("/api/search/image?q=rust", body: [1], headers: [.contentType: "image/jpeg"])
            #expect(withQuery.status == .badRequest)
            for size in ["0", "5000", "big"] {
                let thumbnail = try await client.get("/api/items/\(try library.itemID("sunset.jpg"))/thumbnail?size=\(size)")
                #expect(thumbnail.status == .badRequest, "size \(size)")
            }
            let unknown = try await client.get("/api/nothing")
            #expect(unknown.status == .notFound && unknown.errorMessage?.contains("/api/nothing") == true)
        }
    }

    @Test("changing endpoints need the token: none 401, wrong 403, read-only server 403; right token removes")
    func tokens() async throws {
        guard let library = try ServerLibrary.fresh() else { return }
        let id = try library.itemID("blue-stripes.jpg")
        let changing: [(HTTPRequest.Method, String, String?)] = [
            (.delete, "/api/items/\(id)", nil), (.post, "/api/remove", #"{"path": "\#(library.folder.path)"}"#),
            (.post, "/api/reindex", nil),
        ]
        try await library.test { client in  // no token configured: read-only
            for (method, uri, body) in changing {
                let response = try await client.execute(
                    uri: uri, method: method, headers: [.authorization: "Bearer anything"], body: body.map { .init(string: $0) })
                #expect(response.status == .forbidden && response.errorMessage?.contains("read-only") == true, "\(uri)")
            }
        }
        try await library.test(configuration: ServerConfiguration(token: "s3cret")) { client in
            for (method, uri, body) in changing {
                let none = try await client.execute(uri: uri, method: method, body: body.map { .init(string: $0) })
                #expect(none.status == .unauthorized, "\(uri): \(none.text)")
                #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                for headers: HTTPFields in [[.authorization: "Bearer s3cret-not"], [HTTPField.Name("X-Loupe-Token")!: "S3CRET"],
                                            [.authorization: "Bearer s3cre"]] {
                    let wrong = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { .init(string: $0) })
                    #expect(wrong.status == .forbidden, "\(uri) \(headers): \(wrong.text)")
                }
            }
            #expect(try await client.get("/api/items/\(id)").status == .ok)  // nothing was removed so far
            let removed = try await client.execute(uri: "/api/items/\(id)", method: .delete, headers: [.authorization: "Bearer s3cret"])
            #expect(removed.status == .ok, "\(removed.text)")
            #expect(try removed.json()["removedFiles"] as? Int == 1)
            #expect(try await client.get("/api/items/\(id)").status == .notFound)
            let images = try await client.get("/api/search?q=stripes&kind=image&k=50").results()
            #expect(images.count == library.images.count - 1 && !images.contains { $0["name"] as? String == "blue-stripes.jpg" })

            let removedFolder = try await client.post(
                "/api/remove", json: #"{"path": "\#(library.folder.path)"}"#, headers: [HTTPField.Name("X-Loupe-Token")!: "s3cret"])
            #expect(try removedFolder.json()["removedFiles"] as? Int == library.images.count - 1 + 2)
            let stats = try await client.get("/api/stats").json()
            #expect(stats["imageFiles"] as? Int == 0 && stats["textFiles"] as? Int == 0)
            let badBody = try await client.post("/api/remove", json: #"{"paths": []}"#, headers: [.authorization: "Bearer s3cret"])
            #expect(badBody.status == .badRequest)
        }
    }

    @Test("re-index with the token picks up a new file, which then finds itself by upload")
    func reindex() async throws {
        guard let library = try ServerLibrary.fresh() else { return }
        let added = library.folder.appendingPathComponent("sub/magenta.png")
        try FileManager.default.createDirectory(at: added.deletingLastPathComponent(), withIntermediateDirectories: true)
        let pattern = ServerLibrary.Pattern(name: "magenta.png", width: 90, height: 60, alpha: false) { x, y, _ in
            (x + y) % 7 < 3 ? [230, 20, 200] : [30, 30, 30]
        }
        try ServerLibrary.write(pattern, seed: 99, to: added)
        try await library.test(configuration: ServerConfiguration(token: "t")) { client in
            let summary = try await client.execute(uri: "/api/reindex", method: .post, headers: [.authorization: "Bearer t"])
            #expect(summary.status == .ok, "\(summary.text)")
            let body = try summary.json()
            #expect(body["embeddedFiles"] as? Int == 1, "\(summary.text)")
            #expect(body["scannedFiles"] as? Int == library.images.count + 2 + 1, "\(summary.text)")
            let upload = try await client.post(
                "/api/search/image?k=1", body: [UInt8](try Data(contentsOf: added)), headers: [.contentType: "image/png"])
            #expect(try upload.results().first?["path"] as? String == added.path, "\(upload.text)")
        }
    }
}
