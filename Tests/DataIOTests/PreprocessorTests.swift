import DataIO
import Foundation
import NumpyFormat
import Testing

@Suite("CLIP preprocessing parity")
struct PreprocessorTests {
    @Test(
        "OpenAI/OpenCLIP order matches open_clip.image_transform_v2",
        arguments: Fixtures.manifest.openclip)
    func openCLIP(pipeline: Manifest.PipelineCase) throws {
        let config = try PreprocessConfig(openCLIPConfigAt: Fixtures.image(pipeline.config))
        try check(pipeline, config: config, archive: "openclip")
    }

    @Test("transformers order matches CLIPImageProcessorPil", arguments: Fixtures.manifest.hf)
    func huggingFace(pipeline: Manifest.PipelineCase) throws {
        let config = try PreprocessConfig(huggingFaceConfigAt: Fixtures.image(pipeline.config))
        try check(pipeline, config: config, archive: "hf")
    }

    private func check(
        _ pipeline: Manifest.PipelineCase, config: PreprocessConfig, archive: String
    ) throws {
        let reference = try #require(try Fixtures.expected(archive)[pipeline.key])
        let preprocessor = Preprocessor(config: config)
        let image = try ImageDecoder.decode(contentsOf: Fixtures.image(pipeline.file))
        let output = preprocessor(image)
        let size = preprocessor.outputSize(width: image.width, height: image.height)
        #expect(reference.shape == [3, size.height, size.width])
        let expected = try reference.floats()
        try #require(expected.count == output.count)
        let (difference, index) = maxAbsDifference(expected, output)
        #expect(difference <= 1e-5, "max |diff| \(difference) at \(index)")
    }

    @Test("Shared reference: original CLIP preprocess of franz-kafka.jpg (bit-exact)")
    func franzKafka() throws {
        guard Fixtures.sharedDataMissing("clip-reference/expected_preprocessed_image.npy") == nil
        else { return }
        let folder = Fixtures.sharedData.appendingPathComponent("clip-reference")
        let reference = try Numpy.readArray(
            at: folder.appendingPathComponent("expected_preprocessed_image.npy"))
        #expect(reference.shape == [1, 3, 224, 224])
        // openai/CLIP: Resize(224, BICUBIC), CenterCrop(224), RGB, ToTensor, Normalize.
        let output = try Preprocessor(config: .openAI)
            .pixels(contentsOf: folder.appendingPathComponent("franz-kafka.jpg"))
        let (difference, index) = maxAbsDifference(try reference.floats(), output)
        #expect(difference == 0, "max |diff| \(difference) at \(index)")
    }

    @Test("Crop rounding differs by one pixel when (H − S) ≡ 3 (mod 4)")
    func cropRounding() throws {
        // 64×131: torchvision crops at round(33.5) = 34, transformers at 33.
        let image = try ImageDecoder.decode(contentsOf: Fixtures.image("rgb_64x131.png"))
        var config = PreprocessConfig(imageSize: 64)
        let torchvision = Preprocessor(config: config).preparedImage(image)
        config.cropRounding = .floor
        let floor = Preprocessor(config: config).preparedImage(image)
        #expect(torchvision == image.cropped(x: 0, y: 34, width: 64, height: 64))
        #expect(floor == image.cropped(x: 0, y: 33, width: 64, height: 64))
    }
}
