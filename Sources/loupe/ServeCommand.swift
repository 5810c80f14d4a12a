import ArgumentParser
import CLIPPipeline
import Dispatch
import Foundation
import Hummingbird
import SearchServer

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a library over HTTP: a search page at / and a JSON API.",
        discussion: """
            Loads the library's model (--model; the fingerprint must match the library's, as for \
            `loupe search`) and answers searches by text (weighted terms), by uploaded image and by item \
            ("more like this"), item metadata, cached thumbnails, original files and stats. Only files in \
            the library are served, by item id. Read-only unless a token is given (--token or \
            LOUPE_SERVE_TOKEN): then DELETE /api/items/ID, POST /api/remove and POST /api/reindex accept \
            `Authorization: Bearer TOKEN`. Without --model only item, similar, thumbnail, file and stats \
            endpoints work. One access log line per request goes to standard error; the URL is printed \
            when the server listens (--port 0 picks a free port).

            Examples:
              loupe serve --db photos.loupe --model ~/models/clip-vit-base-patch32
              loupe serve --db .loupe --model M --port 0 --json
              LOUPE_SERVE_TOKEN=s3cret loupe serve --db .loupe --model M --host 0.0.0.0
              curl 'http://127.0.0.1:8080/api/search?q=rusty+bolt&k=5'
            """)

    @OptionGroup var library: LibraryOptions
    @Option(help: "Address to listen on (loopback by default).") var host = "127.0.0.1"
    @Option(help: "Port (0: any free port).") var port = 8080
    @Option(help: ArgumentHelp("The library's model, needed for text and image queries.", valueName: "path"))
    var model: String?
    @Option(help: ArgumentHelp(
        "Token that endpoints changing the library require (default: $LOUPE_SERVE_TOKEN; none: read-only).",
        valueName: "token"))
    var token: String?
    @Option(help: "Largest uploaded image in MB.") var maxUploadMb = 20
    @Flag(help: "Print the start-up line as JSON ({\"url\": …}).") var json = false
    @Flag(help: "No access log lines.") var quiet = false

    func validate() throws {
        guard (0 ... 65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard maxUploadMb >= 1 else { throw ValidationError("--max-upload-mb must be at least 1") }
        if token?.isEmpty == true { throw ValidationError("--token must not be empty") }
    }

    func run() throws {
        let embedder = try model.map { try EmbedderLoader.load(try ModelOptions.resolve($0)) }
        let service = try SearchService(directory: library.url, embedder: embedder)
        var configuration = ServerConfiguration(host: host, port: port)
        configuration.token = token ?? ProcessInfo.processInfo.environment["LOUPE_SERVE_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.maxUploadBytes = maxUploadMb * 1024 * 1024
        configuration.accessLog = !quiet
        let json = self.json
        let writable = configuration.token != nil
        let directory = service.directory.path
        let app = SearchServer.application(service: service, configuration: configuration) { url in
            if json {
                let line = try? JSONSerialization.data(
                    withJSONObject: ["url": url, "library": directory, "writable": writable], options: [.sortedKeys, .withoutEscapingSlashes])
                FileHandle.standardOutput.write((line ?? Data()) + Data("\n".utf8))
            } else {
                let mode = writable ? "changes need the token" : "read-only"
                FileHandle.standardOutput.write(Data("Loupe is serving \(directory) at \(url)  (\(mode); Ctrl-C stops)\n".utf8))
            }
        }
        let outcome = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { try await app.runService() } catch { outcome.error = error }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }
}

/// The server task's error, handed back to the blocked main thread.
private final class ServeOutcome: @unchecked Sendable {
    var error: (any Error)?
}
