import Foundation

/// Images with their captions (several per image): the input of retrieval and of ARO's
/// COCO-/Flickr-Order construction.
public struct CaptionSet: Sendable, Equatable {
    /// Image references as written in the annotation (resolved later by ``ImageResolver``).
    public var images: [String]
    /// All captions.
    public var captions: [String]
    /// For each caption, the index of its image in ``images``.
    public var imageOfCaption: [Int]
    /// Where the data came from (file and split), for reports.
    public var source: String

    /// Creates a caption set; `imageOfCaption` must index into `images`.
    public init(images: [String], captions: [String], imageOfCaption: [Int], source: String) {
        precondition(captions.count == imageOfCaption.count, "one image index per caption")
        precondition(
            imageOfCaption.allSatisfy { images.indices.contains($0) },
            "caption image index out of range")
        self.images = images
        self.captions = captions
        self.imageOfCaption = imageOfCaption
        self.source = source
    }

    /// Builds a set from `(image, caption)` pairs, keeping first-appearance order of images.
    init(pairs: [(image: String, caption: String)], source: String) {
        var images: [String] = []
        var index: [String: Int] = [:]
        var owners: [Int] = []
        for pair in pairs {
            if index[pair.image] == nil {
                index[pair.image] = images.count
                images.append(pair.image)
            }
            owners.append(index[pair.image]!)
        }
        self.init(
            images: images, captions: pairs.map(\.caption), imageOfCaption: owners,
            source: source)
    }

    /// Captions of image `i`, as indices into ``captions``.
    public func captionIndices(ofImage i: Int) -> [Int] {
        imageOfCaption.indices.filter { imageOfCaption[$0] == i }
    }
}
