import SyntheticWorld
import Testing

@Suite("Renderer")
struct RendererTests {
    @Test("palette colours, tints and backgrounds stay apart")
    func paletteSeparation() {
        let colours = Colour.allCases
        for a in colours {
            for b in colours where a != b {
                #expect(a.rgb.distance(to: b.rgb) > 70, "\(a) vs \(b)")
                #expect(a.tint.distance(to: b.rgb) > 30, "tint of \(a) vs \(b)")
                #expect(a.tint.distance(to: b.tint) > 30, "tints of \(a), \(b)")
            }
            for tint in BackgroundTint.allCases {
                #expect(a.rgb.distance(to: tint.rgb) > 90, "\(a) on \(tint)")
                #expect(a.tint.distance(to: tint.rgb) > 30, "tint of \(a) on \(tint)")
            }
        }
    }

    /// A one-object scene at `size` px.
    private func single(_ shape: Shape, size: Int = 96, texture: Texture = .solid) -> Scene {
        let object = SceneObject(
            attributes: ObjectAttributes(
                shape: shape, colour: .blue, size: .large, texture: texture),
            x: Double(size) / 2, y: Double(size) / 2, radius: 0.4 * Double(size))
        return Scene(
            size: size, background: Background(tint: .white, style: .plain, angle: 0, noiseSeed: 0),
            objects: [object], mainRelation: nil, secondaryClause: nil)
    }

    @Test(
        "every shape fills a sizeable part of its box and stays inside it",
        arguments: Shape.allCases)
    func shapeFitsBox(shape: Shape) {
        let scene = single(shape)
        let image = SceneRenderer.render(scene)
        let object = scene.objects[0]
        let background = BackgroundTint.white.rgb
        var inside = 0
        var minX = Int.max
        var maxX = Int.min
        for y in 0 ..< image.height {
            for x in 0 ..< image.width where image[x, y] != background {
                inside += 1
                minX = min(minX, x)
                maxX = max(maxX, x)
                #expect(Double(x) + 0.5 >= object.minX - 1 && Double(x) + 0.5 <= object.maxX + 1)
                #expect(Double(y) + 0.5 >= object.minY - 1 && Double(y) + 0.5 <= object.maxY + 1)
            }
        }
        let box = 4 * object.radius * object.radius
        #expect(Double(inside) > 0.2 * box && Double(inside) < 0.9 * box, "\(shape): \(inside)")
    }

    @Test("edges are anti-aliased: pixels between fill and background exist")
    func antiAliasing() {
        let image = SceneRenderer.render(single(.circle))
        let fill = Colour.blue.rgb
        let background = BackgroundTint.white.rgb
        var blended = 0
        for y in 0 ..< image.height {
            for x in 0 ..< image.width {
                let p = image[x, y]
                if p != fill && p != background { blended += 1 }
            }
        }
        // A circle of radius ~35 px has a perimeter of ~220 px; most edge pixels are blends.
        #expect(blended > 150)
    }

    @Test("textures mix the light tone into the fill")
    func textures() {
        for texture in [Texture.striped, .dotted] {
            let image = SceneRenderer.render(single(.square, texture: texture))
            var light = 0
            var dark = 0
            for y in 30 ..< 66 {
                for x in 30 ..< 66 {
                    if image[x, y].distance(to: Colour.blue.tint) < 20 { light += 1 }
                    if image[x, y].distance(to: Colour.blue.rgb) < 20 { dark += 1 }
                }
            }
            #expect(light > 100 && dark > light, "\(texture): light \(light), fill \(dark)")
        }
    }
}
