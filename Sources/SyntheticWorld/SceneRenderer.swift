import Foundation

/// An 8-bit RGB image, `[height, width, 3]` row-major, top row first.
public struct RGBImage: Sendable, Hashable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Interleaved RGB samples.
    public var pixels: [UInt8]

    /// Wraps `[height, width, 3]` samples.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "RGB pixel count mismatch")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The colour at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> RGB {
        let i = (y * width + x) * 3
        return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
    }
}

/// Renders scenes with analytic (signed-distance) anti-aliasing.
///
/// Each pixel is shaded at its centre; coverage is the signed distance to the edge clamped to a
/// one-pixel ramp, for the shape and for its stripes or dots alike.
public enum SceneRenderer {
    /// Draws `scene` into a new image.
    public static func render(_ scene: Scene) -> RGBImage {
        let side = scene.size
        var buffer = [Float](repeating: 0, count: side * side * 3)
        paintBackground(scene.background, side: side, into: &buffer)
        for object in scene.objects {
            paint(object, side: side, into: &buffer)
        }
        let pixels = buffer.map { UInt8(min(max($0.rounded(), 0), 255)) }
        return RGBImage(width: side, height: side, pixels: pixels)
    }

    private static func paintBackground(
        _ background: Background, side: Int, into buffer: inout [Float]
    ) {
        let tint = background.tint.rgb
        let base = (Float(tint.r), Float(tint.g), Float(tint.b))
        let dx = cos(background.angle)
        let dy = sin(background.angle)
        let half = Double(side) / 2
        for y in 0 ..< side {
            for x in 0 ..< side {
                let i = (y * side + x) * 3
                var (r, g, b) = base
                switch background.style {
                case .plain:
                    break
                case .gradient:
                    let u = ((Double(x) + 0.5 - half) * dx + (Double(y) + 0.5 - half) * dy)
                    let t = Float(min(max(u / (Double(side) * 0.7071) + 0.5, 0), 1))
                    let shade = 1 - 0.2 * t
                    r *= shade
                    g *= shade
                    b *= shade
                case .speckled:
                    let bits = SplitMix64.mix(background.noiseSeed &+ UInt64(y * side + x))
                    let noise = Float(bits >> 40) / Float(1 << 24) * 24 - 12
                    r += noise
                    g += noise
                    b += noise
                }
                buffer[i] = r
                buffer[i + 1] = g
                buffer[i + 2] = b
            }
        }
    }

    private static func paint(_ object: SceneObject, side: Int, into buffer: inout [Float]) {
        let r = object.radius
        let x0 = max(0, Int((object.x - r - 2).rounded(.down)))
        let x1 = min(side - 1, Int((object.x + r + 2).rounded(.up)))
        let y0 = max(0, Int((object.y - r - 2).rounded(.down)))
        let y1 = min(side - 1, Int((object.y + r + 2).rounded(.up)))
        guard x0 <= x1, y0 <= y1 else { return }
        let fill = object.colour.rgb
        let light = object.colour.tint
        for y in y0 ... y1 {
            let dy = Double(y) + 0.5 - object.y
            for x in x0 ... x1 {
                let dx = Double(x) + 0.5 - object.x
                let d = ShapeGeometry.signedDistance(object.shape, dx / r, dy / r) * r
                let coverage = clamp01(0.5 - d)
                if coverage <= 0 { continue }
                let t = textureCoverage(object.texture, dx, dy, radius: r)
                let i = (y * side + x) * 3
                buffer[i] = shade(buffer[i], coverage, fill.r, light.r, t)
                buffer[i + 1] = shade(buffer[i + 1], coverage, fill.g, light.g, t)
                buffer[i + 2] = shade(buffer[i + 2], coverage, fill.b, light.b, t)
            }
        }
    }

    /// Composites the (textured) fill with `coverage` over the background channel value.
    private static func shade(
        _ background: Float, _ coverage: Double, _ fill: UInt8, _ light: UInt8, _ t: Double
    ) -> Float {
        let surface = Double(fill) + (Double(light) - Double(fill)) * t
        return Float(Double(background) * (1 - coverage) + surface * coverage)
    }

    /// How much of the light pattern tone covers the pixel at offset `(dx, dy)` from the centre.
    static func textureCoverage(_ texture: Texture, _ dx: Double, _ dy: Double, radius: Double)
        -> Double
    {
        switch texture {
        case .solid:
            return 0
        case .striped:
            let period = max(3.0, 0.5 * radius)
            let u = (dx + dy) * 0.707_106_781_186_547_5 / period + 0.7
            let f = u - u.rounded(.down)
            let inside = f < 0.4 ? min(f, 0.4 - f) : -min(f - 0.4, 1 - f)
            return clamp01(0.5 + inside * period)
        case .dotted:
            let period = max(3.2, 0.55 * radius)
            let gx = dx / period + 0.5
            let gy = dy / period + 0.5
            let ox = gx - gx.rounded()
            let oy = gy - gy.rounded()
            let distance = (ox * ox + oy * oy).squareRoot() * period
            return clamp01(0.5 - (distance - 0.3 * period))
        }
    }

    private static func clamp01(_ value: Double) -> Double { min(max(value, 0), 1) }
}
