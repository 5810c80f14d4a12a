/// Everything that decides how an image becomes a CLIP input tensor.
///
/// Mean/std, interpolation and resize mode are per checkpoint: load them with
/// ``init(huggingFaceConfigAt:)`` (`preprocessor_config.json`) or ``init(openCLIPConfigAt:)``
/// (`open_clip_config.json`) instead of hard-coding them. ``openAI`` is the OpenAI/OpenCLIP
/// default at 224 px.
public struct PreprocessConfig: Sendable, Equatable {
    /// How the image is brought to the output size.
    public enum ResizeMode: String, Sendable, Equatable {
        /// Short side → ``PreprocessConfig/shortestEdge`` (long side `int(S * long / short)`,
        /// truncated), then a centre crop to ``PreprocessConfig/imageSize``.
        case shortest
        /// Long side → ``PreprocessConfig/imageSize`` keeping the ratio (each side
        /// `round(side / ratio)`, half to even), then centre pad with ``PreprocessConfig/fill``.
        case longest
        /// Resize straight to ``PreprocessConfig/imageSize`` × ``PreprocessConfig/imageSize``.
        case squash
    }

    /// How the centre-crop offset `(H − S) / 2` is rounded.
    public enum CropRounding: Sendable, Equatable {
        /// torchvision `CenterCrop`: `int(round((H − S) / 2))`, Python's half-to-even rounding
        /// (padding, when the image is smaller, puts the extra pixel after).
        case roundHalfEven
        /// transformers `center_crop`: `(H − S) // 2`, floor division.
        case floor
    }

    /// When the image is converted to RGB.
    public enum ColourOrder: Sendable, Equatable {
        /// transformers: `convert_to_rgb` first (alpha and `tRNS` transparency composited onto
        /// opaque white, as transformers 5.x does), then resize and crop in RGB.
        case convertFirst
        /// OpenAI / OpenCLIP: resize and crop in the decoded mode, then Pillow
        /// `convert("RGB")` (palette images resized NEAREST, `RGBA` resized premultiplied and
        /// its alpha dropped, `L` resized then replicated).
        case convertLast
    }

    /// How 8-bit samples become floats before normalisation.
    public enum Rescale: Sendable, Equatable {
        /// torchvision `ToTensor`: `Float(v) / 255` in float32.
        case toTensor
        /// transformers `rescale`: `Float(Double(v) * factor)` (`rescale_factor`, 1/255).
        case factor(Double)
    }

    /// Output side length in pixels (the crop, pad or squash target).
    public var imageSize: Int
    /// Target of the short side in ``ResizeMode/shortest`` mode (usually ``imageSize``).
    public var shortestEdge: Int
    /// Whether ``ResizeMode/shortest`` ends with a centre crop (transformers `do_center_crop`).
    public var centerCrop: Bool
    /// Per-channel mean subtracted after rescaling (R, G, B).
    public var mean: [Float]
    /// Per-channel standard deviation divided by after subtracting the mean.
    public var std: [Float]
    /// Resampling filter.
    public var interpolation: ResampleFilter
    /// Resize strategy.
    public var resizeMode: ResizeMode
    /// Crop offset rounding.
    public var cropRounding: CropRounding
    /// Position of the RGB conversion.
    public var colourOrder: ColourOrder
    /// Sample scaling before normalisation.
    public var rescale: Rescale
    /// Padding value (every band) for ``ResizeMode/longest`` (open_clip `fill_color`).
    public var fill: Int

    /// Creates a configuration; defaults are the OpenAI/OpenCLIP pipeline.
    public init(
        imageSize: Int = 224, shortestEdge: Int? = nil, centerCrop: Bool = true,
        mean: [Float] = PreprocessConfig.openAIMean, std: [Float] = PreprocessConfig.openAIStd,
        interpolation: ResampleFilter = .bicubic, resizeMode: ResizeMode = .shortest,
        cropRounding: CropRounding = .roundHalfEven, colourOrder: ColourOrder = .convertLast,
        rescale: Rescale = .toTensor, fill: Int = 0
    ) {
        precondition(imageSize >= 1, "imageSize must be positive")
        precondition(mean.count == 3 && std.count == 3, "mean and std need three values")
        self.imageSize = imageSize
        self.shortestEdge = shortestEdge ?? imageSize
        self.centerCrop = centerCrop
        self.mean = mean
        self.std = std
        self.interpolation = interpolation
        self.resizeMode = resizeMode
        self.cropRounding = cropRounding
        self.colourOrder = colourOrder
        self.rescale = rescale
        self.fill = fill
    }

    /// OpenAI CLIP mean `(0.48145466, 0.4578275, 0.40821073)`.
    public static let openAIMean: [Float] = [0.48145466, 0.4578275, 0.40821073]
    /// OpenAI CLIP std `(0.26862954, 0.26130258, 0.27577711)`.
    public static let openAIStd: [Float] = [0.26862954, 0.26130258, 0.27577711]

    /// OpenAI / OpenCLIP default: 224 px, bicubic, shortest edge, torchvision crop, convert last.
    public static let openAI = PreprocessConfig()

    /// transformers `CLIPImageProcessorPil` defaults for a size (`shortest_edge` = crop = size,
    /// floor crop, convert first, `rescale_factor` 1/255).
    public static func huggingFaceCLIP(imageSize: Int = 224) -> PreprocessConfig {
        PreprocessConfig(
            imageSize: imageSize, cropRounding: .floor, colourOrder: .convertFirst,
            rescale: .factor(1.0 / 255.0))
    }
}
