import DataIO
import Foundation
import HTTPTypes
import Library

/// JPEG thumbnails of library images, generated on first request and kept in the library
/// directory (`thumbnails/`), keyed by item id, file size, modification time and edge length,
/// so a changed file gets a new thumbnail.
struct ThumbnailCache: Sendable {
    /// Where the thumbnails are kept.
    let directory: URL
    /// Pixel limit when decoding originals.
    let maxImagePixels: Int
    /// JPEG quality of generated thumbnails.
    var quality = 85

    /// The cache file for an item at an edge length.
    func url(for item: SearchResult, edge: Int) -> URL {
        let modified = Int64((item.modified.timeIntervalSince1970 * 1e9).rounded())
        return directory.appendingPathComponent("\(item.itemID)-\(item.fileSize)-\(modified)-\(edge).jpg")
    }

    /// The thumbnail's JPEG bytes and whether they came from the cache.
    func thumbnail(for item: SearchResult, edge: Int) throws -> (bytes: [UInt8], cached: Bool) {
        let file = url(for: item, edge: edge)
        if let data = try? Data(contentsOf: file) { return ([UInt8](data), true) }
        let original = try OriginalFile.read(item)
        let bytes = try Self.render(original, name: item.path, edge: edge, quality: quality, maxPixels: maxImagePixels)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(UUID().uuidString).tmp")
        try Data(bytes).write(to: temporary)
        if rename(temporary.path, file.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
        return (bytes, false)
    }

    /// Decodes (EXIF orientation applied, alpha composited on white), fits the image in an
    /// `edge` × `edge` box keeping its aspect (Pillow-exact bicubic, never enlarging) and
    /// encodes JPEG.
    static func render(_ encoded: [UInt8], name: String, edge: Int, quality: Int, maxPixels: Int) throws -> [UInt8] {
        var options = ImageDecodingOptions()
        options.maximumPixels = maxPixels
        let image = try ImageDecoder.decode(encoded, name: name, options: options).convertedToRGBOnWhite()
        let size = fittedSize(width: image.width, height: image.height, edge: edge)
        let resized = size == (image.width, image.height)
            ? image : image.resized(width: size.width, height: size.height, filter: .bicubic)
        return try JPEGEncoder.encode(resized, quality: quality)
    }

    /// The size of a `width` × `height` image scaled to fit in `edge` × `edge` (never enlarged).
    static func fittedSize(width: Int, height: Int, edge: Int) -> (width: Int, height: Int) {
        guard width > edge || height > edge else { return (width, height) }
        let scale = Double(edge) / Double(max(width, height))
        return (max(1, Int((Double(width) * scale).rounded())), max(1, Int((Double(height) * scale).rounded())))
    }
}

/// Reads the file of a library item: only paths recorded in the catalog, only regular files
/// (a symbolic link put in a file's place is refused).
enum OriginalFile {
    static func read(_ item: SearchResult) throws -> [UInt8] {
        var info = stat()
        guard lstat(item.path, &info) == 0 else {
            throw APIError(.gone, "item \(item.itemID)'s file is no longer on disk; re-index the library")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw APIError(.forbidden, "item \(item.itemID)'s path is no longer a regular file")
        }
        guard let data = FileManager.default.contents(atPath: item.path) else {
            throw APIError(.forbidden, "item \(item.itemID)'s file cannot be read")
        }
        return [UInt8](data)
    }

    /// The content type of a file's bytes (by content for images, never by the client).
    static func contentType(_ bytes: [UInt8], kind: ItemKind) -> String {
        switch kind {
        case .text: return "text/plain; charset=utf-8"
        case .image:
            let format = bytes.withUnsafeBytes { ImageFormat.detect($0) }
            switch format {
            case .jpeg: return "image/jpeg"
            case .png: return "image/png"
            case nil: return "application/octet-stream"
            }
        }
    }
}
