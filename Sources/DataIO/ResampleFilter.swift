import Foundation

/// Resampling filters with Pillow's kernels and support radii (Pillow 13 `Resample.c`).
public enum ResampleFilter: Int, Sendable, CaseIterable, Codable {
    /// Pillow `NEAREST` (0): nearest neighbour, no antialiasing.
    case nearest = 0
    /// Pillow `LANCZOS` (1): truncated sinc, support 3.
    case lanczos = 1
    /// Pillow `BILINEAR` (2): triangle, support 1.
    case bilinear = 2
    /// Pillow `BICUBIC` (3): Keys cubic with a = −0.5, support 2.
    case bicubic = 3
    /// Pillow `BOX` (4): box, support 0.5.
    case box = 4
    /// Pillow `HAMMING` (5): Hamming-windowed sinc, support 1.
    case hamming = 5
    /// Pillow `MKS2013` (6): Magic Kernel Sharp 2013, support 2.5.
    case magicKernelSharp2013 = 6
    /// Pillow `MKS2021` (7): Magic Kernel Sharp 2021, support 4.5.
    case magicKernelSharp2021 = 7

    /// The integer Pillow and `preprocessor_config.json` (`"resample"`) use for this filter.
    public var pillowValue: Int { rawValue }

    /// Creates a filter from a Pillow resampling constant.
    public init?(pillowValue: Int) { self.init(rawValue: pillowValue) }

    /// Creates a filter from a name such as `"bicubic"` (open_clip `interpolation`).
    public init?(name: String) {
        switch name.lowercased() {
        case "nearest": self = .nearest
        case "lanczos", "antialias": self = .lanczos
        case "bilinear", "linear": self = .bilinear
        case "bicubic", "cubic": self = .bicubic
        case "box": self = .box
        case "hamming": self = .hamming
        case "mks2013": self = .magicKernelSharp2013
        case "mks2021": self = .magicKernelSharp2021
        default: return nil
        }
    }

    /// Kernel radius in source pixels at scale 1.
    var support: Double {
        switch self {
        case .nearest: 0
        case .box: 0.5
        case .bilinear, .hamming: 1
        case .bicubic: 2
        case .lanczos: 3
        case .magicKernelSharp2013: 2.5
        case .magicKernelSharp2021: 4.5
        }
    }

    /// The kernel, evaluated with the same operation order as Pillow's C code.
    func weight(_ x: Double) -> Double {
        switch self {
        case .nearest, .box:
            return x > -0.5 && x <= 0.5 ? 1 : 0
        case .bilinear:
            let x = abs(x)
            return x < 1 ? 1 - x : 0
        case .hamming:
            var x = abs(x)
            if x == 0 { return 1 }
            if x >= 1 { return 0 }
            x = x * Double.pi
            // Pillow writes the constants as floats: 0.54f and 0.46f.
            return sin(x) / x * (Double(Float(0.54)) + Double(Float(0.46)) * cos(x))
        case .bicubic:
            let a = -0.5
            let x = abs(x)
            if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
            if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
            return 0
        case .lanczos:
            guard -3 <= x && x < 3 else { return 0 }
            return Self.sinc(x) * Self.sinc(x / 3)
        case .magicKernelSharp2013:
            let x = abs(x)
            if x < 0.5 { return 17.0 / 16.0 - 7.0 / 4.0 * pow(x, 2) }
            if x < 1.5 { return (1.0 - x) * (7.0 / 4.0 - x) }
            if x < 2.5 { return -1.0 / 8.0 * pow(x - 5.0 / 2.0, 2) }
            return 0
        case .magicKernelSharp2021:
            let x = abs(x)
            if x < 0.5 { return 577.0 / 576.0 - 239.0 / 144.0 * pow(x, 2) }
            if x < 1.5 { return 35.0 / 36.0 * (x - 1.0) * (x - 239.0 / 140.0) }
            if x < 2.5 { return 1.0 / 6.0 * (x - 2.0) * (65.0 / 24.0 - x) }
            if x < 3.5 { return 1.0 / 36.0 * (x - 3.0) * (x - 15.0 / 4.0) }
            if x < 4.5 { return -1.0 / 288.0 * pow(x - 9.0 / 2.0, 2) }
            return 0
        }
    }

    private static func sinc(_ x: Double) -> Double {
        if x == 0 { return 1 }
        let x = x * Double.pi
        return sin(x) / x
    }
}
