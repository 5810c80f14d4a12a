import DataIO
import Foundation
import NumpyFormat
import Testing

@Suite("Pillow-exact resizing")
struct ResizeTests {
    @Test(
        "Image.resized is byte-identical to Pillow's Image.resize",
        arguments: Fixtures.manifest.resize)
    func matchesPillow(resize: Manifest.ResizeCase) throws {
        let expected = try Fixtures.expected("resize")
        let reference = try #require(expected[resize.key])
        let source = try ImageDecoder.decode(contentsOf: Fixtures.image(resize.file))
        let filter = try #require(ResampleFilter(name: resize.filter))
        let box = resize.box.map { (x0: $0[0], y0: $0[1], x1: $0[2], y1: $0[3]) }
        let output = source.resized(
            width: resize.width, height: resize.height, filter: filter, box: box)
        #expect(output.mode.pillowName == resize.mode)
        #expect(reference.shape.prefix(2).elementsEqual([output.height, output.width]))
        let values = try reference.floats()
        let actual = output.sampleValues
        #expect(values.count == actual.count)
        let mismatches = zip(values, actual).filter { $0 != $1 }.count
        #expect(mismatches == 0, "\(mismatches) of \(values.count) samples differ")
    }

    @Test("Flat images stay flat under every filter and scale (normalised fixed-point taps)")
    func resizeKeepsConstantImages() {
        // A flat image must stay flat under any normalised filter (a naive oracle).
        let flat = Image(
            width: 37, height: 23, mode: .rgb,
            pixels: [UInt8](repeating: 0, count: 37 * 23 * 3).enumerated().map {
                [200, 17, 99][$0.offset % 3]
            })
        for filter in ResampleFilter.allCases {
            for (w, h) in [(5, 4), (36, 22), (81, 50), (12, 60)] {
                let out = flat.resized(width: w, height: h, filter: filter)
                let bad = out.pixels.enumerated().filter {
                    $0.element != [200, 17, 99][$0.offset % 3]
                }
                #expect(bad.isEmpty, "\(filter) \(w)×\(h) changed a flat image")
            }
        }
    }
}
