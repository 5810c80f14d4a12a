/// Settings of a search server: where it listens, who may change the library, and its limits.
public struct ServerConfiguration: Sendable {
    /// Address to bind (loopback by default: the library's files are private).
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one (the chosen port is reported when the server starts).
    public var port = 8080
    /// Token required by endpoints that change the library; nil keeps the server read-only.
    public var token: String?
    /// Largest uploaded image, in bytes.
    public var maxUploadBytes = 20 * 1024 * 1024
    /// Largest JSON request body, in bytes.
    public var maxJSONBytes = 64 * 1024
    /// Longest request target (path and query), in bytes.
    public var maxTargetBytes = 8 * 1024
    /// Largest number of results one search may ask for.
    public var maxResults = 500
    /// Results when the request does not say.
    public var defaultResults = 24
    /// Thumbnail edge when the request does not say.
    public var defaultThumbnailSize = 256
    /// Largest thumbnail edge a request may ask for.
    public var maxThumbnailSize = 1024
    /// Pixel limit for decoding uploads and originals (thumbnails).
    public var maxImagePixels = 64_000_000
    /// Write one access log line per request to standard error.
    public var accessLog = true

    public init(host: String = "127.0.0.1", port: Int = 8080, token: String? = nil) {
        self.host = host
        self.port = port
        self.token = token
    }
}
