extension Image {
    /// Returns a resized copy, byte-identical to Pillow 13's `Image.resize(size, filter, box)`
    /// with `reducing_gap=None` (the call torchvision, open_clip and transformers make).
    ///
    /// Mode rules (from Pillow's `Image.resize`): ``PixelMode/palette`` and
    /// ``PixelMode/bilevel`` images always use NEAREST; ``PixelMode/luminanceAlpha`` and
    /// ``PixelMode/rgba`` are resized premultiplied (`La`/`RGBa`) and converted back unless the
    /// filter is NEAREST; ``PixelMode/luminance16`` uses the 16-bit double-precision passes.
    ///
    /// - Parameters:
    ///   - width: Output width (≥ 1).
    ///   - height: Output height (≥ 1).
    ///   - filter: Resampling filter (Pillow's default is bicubic).
    ///   - box: Source region `(x0, y0, x1, y1)` in pixels; the whole image when `nil`.
    /// - Returns: A `width` × `height` image in the same mode.
    public func resized(
        width: Int, height: Int, filter: ResampleFilter = .bicubic,
        box: (x0: Float, y0: Float, x1: Float, y1: Float)? = nil
    ) -> Image {
        precondition(width >= 1 && height >= 1, "height and width must be > 0")
        let region = Resampler.Region(
            x0: box?.x0 ?? 0, y0: box?.y0 ?? 0, x1: box?.x1 ?? Float(self.width),
            y1: box?.y1 ?? Float(self.height))
        precondition(
            region.x0 >= 0 && region.y0 >= 0 && region.x1 <= Float(self.width)
                && region.y1 <= Float(self.height) && region.x1 >= region.x0
                && region.y1 >= region.y0, "box must lie inside the image")
        let fullBox =
            box == nil
            || (region.x0 == 0 && region.y0 == 0 && region.x1 == Float(self.width)
                && region.y1 == Float(self.height))
        if width == self.width && height == self.height && fullBox { return self }
        let filter = (mode == .palette || mode == .bilevel) ? .nearest : filter
        if mode.hasAlpha && filter != .nearest {
            return premultiplied().resampled(width: width, height: height, region, filter)
                .unpremultiplied()
        }
        return resampled(width: width, height: height, region, filter)
    }

    /// Pillow's C `_resize`: integer crop shortcut, NEAREST transform, or `ImagingResample`.
    private func resampled(
        width: Int, height: Int, _ region: Resampler.Region, _ filter: ResampleFilter
    ) -> Image {
        let aligned =
            region.x0 == region.x0.rounded(.towardZero) && region.x1 - region.x0 == Float(width)
            && region.y0 == region.y0.rounded(.towardZero)
            && region.y1 - region.y0 == Float(height)
        if aligned {
            return cropped(x: Int(region.x0), y: Int(region.y0), width: width, height: height)
        }
        if filter == .nearest {
            return nearestScaled(width: width, height: height, region)
        }
        let raster = Resampler.Raster(width: self.width, height: self.height, pixels: pixels)
        let result = Resampler.resample(
            raster, bands: mode.bands8, sixteenBit: mode == .luminance16, width: width,
            height: height, region: region, filter: filter)
        return replacing(width: result.width, height: result.height, pixels: result.pixels)
    }

    /// Pillow's NEAREST resize: `ImagingScaleAffine` (accumulated double positions) for 8-bit
    /// modes, `ImagingGenericTransform` (per-pixel positions) for `I;16`.
    private func nearestScaled(width: Int, height: Int, _ region: Resampler.Region) -> Image {
        let a0 = Double(region.x1 - region.x0) / Double(width)
        let a4 = Double(region.y1 - region.y0) / Double(height)
        let a2 = Double(region.x0)
        let a5 = Double(region.y0)
        func coordinate(_ v: Double) -> Int { v < 0 ? -1 : Int(v) }
        var columns = [Int](repeating: -1, count: width)
        var rows = [Int](repeating: -1, count: height)
        if mode == .luminance16 {
            for x in 0 ..< width { columns[x] = coordinate(a0 * (Double(x) + 0.5) + a2) }
            for y in 0 ..< height { rows[y] = coordinate(a4 * (Double(y) + 0.5) + a5) }
        } else {
            var xo = a2 + a0 * 0.5
            for x in 0 ..< width {
                columns[x] = coordinate(xo)
                xo += a0
            }
            var yo = a5 + a4 * 0.5
            for y in 0 ..< height {
                rows[y] = coordinate(yo)
                yo += a4
            }
        }
        let bpp = mode.bytesPerPixel
        var out = [UInt8](repeating: 0, count: width * height * bpp)
        for y in 0 ..< height where rows[y] >= 0 && rows[y] < self.height {
            let line = rows[y] * rowBytes
            for x in 0 ..< width where columns[x] >= 0 && columns[x] < self.width {
                let from = line + columns[x] * bpp
                let to = (y * width + x) * bpp
                for b in 0 ..< bpp { out[to + b] = pixels[from + b] }
            }
        }
        return replacing(width: width, height: height, pixels: out)
    }
}
