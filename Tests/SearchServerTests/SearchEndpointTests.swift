import CLIPPipeline
import Foundation
import HTTPTypes
import HummingbirdTesting
import Library
import SearchServer
import TestSupport
import Testing

@Suite("loupe serve: page, searches, items, stats")
struct SearchEndpointTests {
    @Test("GET / serves the self-contained page with a search box, the API calls and no external assets")
    func page() async throws {
        guard let library = try ServerLibrary.shared() else { return }
        try await library.test { client in
            let response = try await client.get("/")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(response.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'none'") == true)
            let html = response.text
            #expect(html.contains("<input type=\"search\""))
            for call in ["/api/search?", "/api/search/image?", "/similar?", "/api/stats"] {
                #expect(html.contains(call), "page never calls \(call)")
            }
            #expect(html.contains("prefers-color-scheme: dark"))
            #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("@import"))
        }
    }

    @Test("every image uploaded as a raw body and as multipart is its own top result")
    func uploadFindsItself() async throws {
        guard let library = try ServerLibrary.shared() else { return }
        try await library.test { client in
            for (name, url) in library.images.sorted(by: { $0.key < $1.key }) {
                let bytes = [UInt8](try Data(contentsOf: url))
                let type = url.pathExtension == "png" ? "image/png" : "image/jpeg"
                let raw = try await client.post(
                    "/api/search/image?k=3&kind=image", body: bytes, headers: [.contentType: type])
                #expect(raw.status == .ok, "\(name): \(raw.text)")
                let top = try #require(try raw.results().first)
                #expect(top["path"] as? String == url.path, "\(name): \(raw.text)")
                #expect((top["score"] as? Double ?? 0) > 0.99)

                let boundary = "loupe-test-\(name.count)"
                var form = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\n1\r\n".utf8)
                form += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"image\"; filename=\"\(name)\"\r\n".utf8)
                form += Array("Content-Type: \(type)\r\n\r\n".utf8) + bytes + Array("\r\n--\(boundary)--\r\n".utf8)
                let multipart = try await client.post(
                    "/api/search/image?k=1", body: form,
                    headers: [.contentType: "multipart/form-data; boundary=\(boundary)"])
                #expect(try multipart.results().first?["path"] as? String == url.path, "\(name): \(multipart.text)")
            }
        }
    }

    @Test("text search returns passages with their text, file and line range; GET and JSON POST agree")
    func textSearch() async throws {
        guard let library = try ServerLibrary.shared() else { return }
        try await library.test { client in
            let response = try await client.get("/api/search?q=rust%20on%20the%20flange%20bolt&kind=text&k=5")
            #expect(response.status == .ok, "\(response.text)")
            let results = try response.results()
            #expect(results.count == 2)
            #expect(results.allSatisfy { $0["kind"] as? String == "text" })
            let report = try #require(results.first { $0["name"] as? String == "report.txt" })
            let passage = try #require(report["passage"] as? [String: Any])
            #expect((passage["text"] as? String)?.contains("flange bolt shows heavy rust") == true)
            #expect(passage["startLine"] as? Int == 1 && passage["endLine"] as? Int == 3)
            #expect(report["thumbnail"] == nil && (report["file"] as? String)?.hasPrefix("/api/items/") == true)

            let plus = try await client.get("/api/search?q=rust+on+the+flange+bolt&kind=text&k=5")
            #expect(try plus.json()["query"] as? String == "rust on the flange bolt")
            #expect(try plus.results().map { $0["id"] as? Int } == results.map { $0["id"] as? Int })

            let posted = try await client.post("/api/search", json: #"{"q": "rust on the flange bolt", "kind": "text", "k": 5}"#)
            #expect(try posted.results().map { $0["id"] as? Int } == results.map { $0["id"] as? Int })
        }
    }

    @Test("kind, path glob and date filters; weighted terms; a similarTo term")
    func filtersAndWeights() async throws {
        guard let library = try ServerLibrary.shared() else { return }
        try await library.test { client in
            let images = try await client.get("/api/search?q=a%20photo&kind=image&k=50").results()
            #expect(images.count == library.images.count)
            #expect(images.allSatisfy { $0["kind"] as? String == "image" && $0["thumbnail"] is String })

            let pngs = try await client.get("/api/search?q=a%20photo&path=*.png&k=50").results()
            #expect(Set(pngs.compactMap { $0["name"] as? String }) == Set(library.images.keys.filter { $0.hasSuffix(".png") }))

            let future = try await client.get("/api/search?q=a%20photo&after=2199-01-01")
            let futureResults = try future.results()
            #expect(future.status == .ok && futureResults.isEmpty)
            let past = try await client.get("/api/search?q=a%20photo&before=2000-01-01").results()
            #expect(past.isEmpty)
            let recent = try await client.get("/api/search?q=a%20photo&after=2000-01-01&k=50").results()
            #expect(recent.count == library.images.count + 2)

            let weighted = try await client.get(
                "/api/search?q=" + "\"red car\" + 2:\"night\" - \"rain\"".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(weighted.status == .ok, "\(weighted.text)")
            #expect(try weighted.results().count == library.images.count + 2)

            let disc = try library.itemID("yellow-disc.png")
            let like = try await client.get("/api/search?similarTo=\(disc)&kind=image&k=1").results()
            #expect(like.first?["name"] as? String == "yellow-disc.png")
        }
    }

    @Test("similar items leave the item out and rank; item metadata; unknown ids are 404")
    func similarAndItems() async throws {
        guard let library = try ServerLibrary.shared() else { return }
        try await library.test { client in
            let id = try library.itemID("sunset.jpg")
            let similar = try await client.get("/api/items/\(id)/similar?k=50")
            #expect(similar.status == .ok, "\(similar.text)")
            let results = try similar.results()
            #expect(results.count == library.images.count + 2 - 1)
            #expect(!results.contains { $0["id"] as? Int == Int(id) })
            let scores = results.compactMap { $0["score"] as? Double }
            #expect(scores == scores.sorted(by: >))

            let item = try await client.get("/api/items/\(id)")
            #expect(item.status == .ok)
            let body = try item.json()
            #expect(body["path"] as? String == library.images["sunset.jpg"]?.path)
            #expect(body["kind"] as? String == "image" && body["name"] as? String == "sunset.jpg")

            for missing in ["/api/items/987654", "/api/items/987654/similar", "/api/items/987654/file",
                            "/api/items/987654/thumbnail"] {
                let response = try await client.get(missing)
                #expect(response.status == .notFound, "\(missing): \(response.text)")
                #expect(response.errorMessage?.contains("987654") == true)
            }
        }
    }

    @Test("the original file is served byte for byte with a content type from its bytes")
    func originalFiles() async throws {
        guard let library = try ServerLibrary.shared() else { return }
        try await library.test { client in
            for (name, url) in library.images {
                let response = try await client.get("/api/items/\(try library.itemID(name))/file")
                #expect(response.status == .ok)
                #expect(response.bytes == [UInt8](try Data(contentsOf: url)), "\(name)")
                #expect(response.headers[.contentType] == (url.pathExtension == "png" ? "image/png" : "image/jpeg"))
            }
            let text = try await client.get("/api/items/\(try library.itemID("notes.md"))/file")
            #expect(text.headers[.contentType] == "text/plain; charset=utf-8")
            #expect(text.text.hasPrefix("# Site notes"))
        }
    }

    @Test("stats are loupe status --json: the library's own status")
    func stats() async throws {
        guard let library = try ServerLibrary.shared() else { return }
        try await library.test { client in
            let response = try await client.get("/api/stats")
            #expect(response.status == .ok)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            var served = try decoder.decode(LibraryStatus.self, from: Data(response.bytes))
            var direct = try Library(directory: library.db).status(failureLimit: 20)
            #expect(served.imageFiles == library.images.count && served.textFiles == 2)
            served.sizeOnDisk = 0  // thumbnails written by other tests may change it
            direct.sizeOnDisk = 0
            served.lastIndexed = nil
            direct.lastIndexed = nil
            #expect(served == direct)
        }
    }

    @Test("without --model, text and image queries are 503 with how to start it; item searches still work")
    func withoutModel() async throws {
        guard let library = try ServerLibrary.shared() else { return }
        try await library.test(withModel: false) { client in
            let text = try await client.get("/api/search?q=rust")
            #expect(text.status == .serviceUnavailable && text.errorMessage?.contains("--model") == true)
            let image = try await client.post("/api/search/image", body: [0xFF, 0xD8], headers: [.contentType: "image/jpeg"])
            #expect(image.status == .serviceUnavailable)
            let similar = try await client.get("/api/items/\(try library.itemID("noise.png"))/similar")
            let similarResults = try similar.results()
            #expect(similar.status == .ok && similarResults.count >= 1)
        }
    }

    @Test("another model than the library's is refused with the loupe search message")
    func modelMismatch() throws {
        guard let library = try ServerLibrary.shared() else { return }
        let other = try CLIPEmbedder.load(Fixtures.url("clip/hf-tiny"))
        #expect(throws: LibraryError.self) { try SearchService(directory: library.db, embedder: other) }
        do {
            _ = try SearchService(directory: library.db, embedder: other)
        } catch {
            #expect("\(error)".contains("--reindex") && "\(error)".contains(library.db.path))
        }
        #expect(throws: LibraryError.self) {
            try SearchService(directory: library.base.appendingPathComponent("nothing-here"), embedder: nil)
        }
    }
}
