import SyntheticWorld

/// Reads objects back from rendered pixels by colour (colours are unique within a scene).
struct PixelOracle {
    let image: RGBImage

    /// Pixels within `tolerance` of the colour's fill: count and centroid (pixel centres).
    func fill(_ colour: Colour, tolerance: Double = 25) -> (count: Int, x: Double, y: Double) {
        var count = 0
        var sx = 0.0
        var sy = 0.0
        for y in 0 ..< image.height {
            for x in 0 ..< image.width where image[x, y].distance(to: colour.rgb) < tolerance {
                count += 1
                sx += Double(x) + 0.5
                sy += Double(y) + 0.5
            }
        }
        return (count, count > 0 ? sx / Double(count) : .nan, count > 0 ? sy / Double(count) : .nan)
    }

    /// The larger side of the box around pixels near the colour's fill.
    func extent(_ colour: Colour, tolerance: Double = 25) -> Int {
        var minX = Int.max
        var maxX = Int.min
        var minY = Int.max
        var maxY = Int.min
        for y in 0 ..< image.height {
            for x in 0 ..< image.width {
                guard image[x, y].distance(to: colour.rgb) < tolerance else { continue }
                minX = min(minX, x)
                maxX = max(maxX, x)
                minY = min(minY, y)
                maxY = max(maxY, y)
            }
        }
        guard minX <= maxX else { return 0 }
        return max(maxX - minX, maxY - minY) + 1
    }

    /// The palette colour nearest to the pixel at `(x, y)`.
    func nearestColour(_ x: Int, _ y: Int) -> Colour {
        let p = image[x, y]
        return Colour.allCases.min { p.distance(to: $0.rgb) < p.distance(to: $1.rgb) } ?? .red
    }
}
