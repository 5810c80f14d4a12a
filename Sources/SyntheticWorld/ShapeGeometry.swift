import Foundation

/// Signed distance functions of the ten shapes in unit coordinates.
///
/// A shape is centred at the origin with y pointing down and fits in `[-1, 1]²`; distances are
/// negative inside. The polygon distance is exact (nearest edge, sign by winding), so scaling by
/// the object radius gives distances in pixels for analytic anti-aliasing.
enum ShapeGeometry {
    /// The signed distance from `(x, y)` to the boundary of `shape`.
    static func signedDistance(_ shape: Shape, _ x: Double, _ y: Double) -> Double {
        switch shape {
        case .circle:
            return (x * x + y * y).squareRoot() - 0.92
        case .square:
            let qx = abs(x) - 0.8
            let qy = abs(y) - 0.8
            let outside = (max(qx, 0) * max(qx, 0) + max(qy, 0) * max(qy, 0)).squareRoot()
            return outside + min(max(qx, qy), 0)
        case .ring:
            return abs((x * x + y * y).squareRoot() - 0.725) - 0.225
        case .crescent:
            let outer = (x * x + y * y).squareRoot() - 0.95
            let dx = x - 0.42
            let dy = y + 0.12
            let bite = (dx * dx + dy * dy).squareRoot() - 0.78
            return max(outer, -bite)
        default:
            return polygonDistance(polygons[shape.rawValue], x, y)
        }
    }

    /// Vertex lists of the polygon shapes, indexed by `Shape.rawValue` (empty for the others).
    static let polygons: [[(Double, Double)]] = Shape.allCases.map { shape in
        switch shape {
        case .triangle: normalised(regular(sides: 3, radius: 1, rotation: 0))
        case .star: normalised(star(points: 5, outer: 1, inner: 0.45))
        case .hexagon: normalised(regular(sides: 6, radius: 1, rotation: 0), extent: 0.92)
        case .diamond: normalised([(0, -1), (0.72, 0), (0, 1), (-0.72, 0)])
        case .cross: normalised(cross(halfWidth: 0.32))
        case .heart: normalised(heart(samples: 64))
        default: []
        }
    }

    /// Exact signed distance to a closed polygon (negative inside).
    static func polygonDistance(_ vertices: [(Double, Double)], _ px: Double, _ py: Double)
        -> Double
    {
        let n = vertices.count
        var best = Double.infinity
        var sign = 1.0
        var j = n - 1
        for i in 0 ..< n {
            let (ax, ay) = vertices[i]
            let (bx, by) = vertices[j]
            let ex = bx - ax
            let ey = by - ay
            let wx = px - ax
            let wy = py - ay
            let t = min(max((wx * ex + wy * ey) / (ex * ex + ey * ey), 0), 1)
            let qx = wx - ex * t
            let qy = wy - ey * t
            best = min(best, qx * qx + qy * qy)
            let c1 = py >= ay
            let c2 = py < by
            let c3 = ex * wy > ey * wx
            if (c1 && c2 && c3) || (!c1 && !c2 && !c3) { sign = -sign }
            j = i
        }
        return sign * best.squareRoot()
    }

    /// A regular polygon with a vertex pointing up (before `rotation`).
    private static func regular(sides: Int, radius: Double, rotation: Double) -> [(Double, Double)]
    {
        (0 ..< sides).map { k in
            let angle = -Double.pi / 2 + rotation + 2 * Double.pi * Double(k) / Double(sides)
            return (radius * cos(angle), radius * sin(angle))
        }
    }

    /// A star with alternating outer and inner vertices, first point up.
    private static func star(points: Int, outer: Double, inner: Double) -> [(Double, Double)] {
        (0 ..< 2 * points).map { k in
            let radius = k.isMultiple(of: 2) ? outer : inner
            let angle = -Double.pi / 2 + Double.pi * Double(k) / Double(points)
            return (radius * cos(angle), radius * sin(angle))
        }
    }

    /// A plus sign with arms of half-width `halfWidth` reaching ±1.
    private static func cross(halfWidth w: Double) -> [(Double, Double)] {
        [
            (-w, -1), (w, -1), (w, -w), (1, -w), (1, w), (w, w), (w, 1), (-w, 1), (-w, w), (-1, w),
            (-1, -w), (-w, -w),
        ]
    }

    /// The classic parametric heart curve, point down.
    private static func heart(samples: Int) -> [(Double, Double)] {
        (0 ..< samples).map { k in
            let t = 2 * Double.pi * Double(k) / Double(samples)
            let s = sin(t)
            let x = 16 * s * s * s
            let y = 13 * cos(t) - 5 * cos(2 * t) - 2 * cos(3 * t) - cos(4 * t)
            return (x, -y)
        }
    }

    /// Centres the polygon's bounding box at the origin and scales its larger half-extent to
    /// `extent`.
    private static func normalised(_ vertices: [(Double, Double)], extent: Double = 0.95)
        -> [(Double, Double)]
    {
        let xs = vertices.map(\.0)
        let ys = vertices.map(\.1)
        let cx = ((xs.min() ?? 0) + (xs.max() ?? 0)) / 2
        let cy = ((ys.min() ?? 0) + (ys.max() ?? 0)) / 2
        let half = max((xs.max() ?? 0) - cx, (ys.max() ?? 0) - cy)
        let scale = extent / half
        return vertices.map { (($0.0 - cx) * scale, ($0.1 - cy) * scale) }
    }
}
