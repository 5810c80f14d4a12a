/// What a caption can say about one object.
public struct ObjectAttributes: Sendable, Hashable, Codable {
    /// The shape.
    public var shape: Shape
    /// The colour (unique within a scene).
    public var colour: Colour
    /// Small or large.
    public var size: ObjectSize
    /// Solid, striped or dotted.
    public var texture: Texture

    /// Creates an attribute set.
    public init(shape: Shape, colour: Colour, size: ObjectSize, texture: Texture) {
        self.shape = shape
        self.colour = colour
        self.size = size
        self.texture = texture
    }
}

/// One placed object: attributes plus its centre and radius in pixels.
///
/// Every shape fits in the square `centre ± radius`; objects of a scene never overlap and every
/// pair is separated along at least one axis, so spatial relations are unambiguous.
public struct SceneObject: Sendable, Hashable, Codable {
    /// Shape, colour, size and texture.
    public var attributes: ObjectAttributes
    /// Centre x in pixels (left edge = 0).
    public var x: Double
    /// Centre y in pixels (top edge = 0; y grows downwards).
    public var y: Double
    /// Half the extent in pixels.
    public var radius: Double

    /// Places an object.
    public init(attributes: ObjectAttributes, x: Double, y: Double, radius: Double) {
        self.attributes = attributes
        self.x = x
        self.y = y
        self.radius = radius
    }

    /// The object's shape.
    public var shape: Shape { attributes.shape }
    /// The object's colour.
    public var colour: Colour { attributes.colour }
    /// The object's size class.
    public var size: ObjectSize { attributes.size }
    /// The object's texture.
    public var texture: Texture { attributes.texture }

    /// Left edge of the object's box.
    public var minX: Double { x - radius }
    /// Right edge of the object's box.
    public var maxX: Double { x + radius }
    /// Top edge of the object's box.
    public var minY: Double { y - radius }
    /// Bottom edge of the object's box.
    public var maxY: Double { y + radius }
}
