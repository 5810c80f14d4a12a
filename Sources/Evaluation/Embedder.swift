import Foundation

/// The seam between evaluation and models: anything that maps images and texts to vectors.
///
/// Implemented by the CLIP models; tests use fakes. Evaluation never assumes the vectors are
/// normalised: every suite whose protocol scores with cosine similarity L2-normalises them itself.
public protocol Embedder: AnyObject {
    /// A stable identity of the weights, architecture, preprocessing and tokenizer; keys the cache.
    var fingerprint: String { get }
    /// The length of every returned vector.
    var dimension: Int { get }
    /// One vector per image, in order. Throws when any image of the batch fails.
    func embedImages(_ images: [ImageInput]) throws -> [[Float]]
    /// One vector per text, in order.
    func embedTexts(_ texts: [String]) throws -> [[Float]]
}

/// An image file, optionally cropped before preprocessing.
public struct ImageInput: Hashable, Sendable, Codable {
    /// The image file.
    public var url: URL
    /// A region to cut out first (ARO's VG-Relation / VG-Attribution boxes), or `nil`.
    public var crop: CropBox?

    /// Creates an input for `url`, cropped to `crop` when given.
    public init(url: URL, crop: CropBox? = nil) {
        self.url = url
        self.crop = crop
    }
}

/// A crop rectangle in pixels: `x`, `y` of the top-left corner, then width and height.
///
/// Semantics follow PIL `Image.crop((x, y, x + w, y + h))` as used by ARO: coordinates may be
/// fractional (PIL rounds them) and parts outside the image read as black.
public struct CropBox: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Left edge in pixels.
    public var x: Double
    /// Top edge in pixels.
    public var y: Double
    /// Width in pixels.
    public var width: Double
    /// Height in pixels.
    public var height: Double

    /// Creates a box from its top-left corner and size.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// `x,y,w,h`, used in cache keys.
    public var description: String { "\(x),\(y),\(width),\(height)" }
}
