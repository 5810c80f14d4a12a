import CaptionNegatives
import Foundation

/// Where each example's hard negatives come from, strongest first: the user file
/// (`data.negatives`), the manifest's own `negatives`, then the generator
/// (`objective.generate_negatives`, only for examples whose manifest has none). A type absent
/// or explicitly invalid (`null` / `"valid": false` in the user file) stays invalid: the
/// trainer masks it out of every CE-CLIP term.
public enum NegativeAssignment {
    /// `examples` with negatives assigned as `config` says; `trainedCaption` picks the caption
    /// negatives are made from and matched by.
    public static func apply(
        to examples: [TrainingExample], config: TrainConfig,
        trainedCaption: (TrainingExample) -> String
    ) throws -> [TrainingExample] {
        var out = examples
        let generatable = config.objective.negativeTypes.filter { NegativeGenerator.typeNames.contains($0) }
        if config.objective.generateNegatives, !generatable.isEmpty {
            let lacking = out.indices.filter { out[$0].negatives.isEmpty }
            if !lacking.isEmpty {
                let generator = NegativeGenerator(wordNet: try WordNet.shared(), seed: config.seed)
                let captions = lacking.map { trainedCaption(out[$0]) }
                let generated = generator.negatives(named: generatable, ofAll: captions)
                for (k, index) in lacking.enumerated() { out[index].negatives = generated[k] }
            }
        }
        if let path = config.data.negatives {
            let user = try UserNegatives.read(URL(fileURLWithPath: path))
            for i in out.indices {
                guard let overrides = user.overrides(caption: trainedCaption(out[i]), imagePath: out[i].image?.path)
                else { continue }
                for (type, text) in overrides {
                    out[i].negatives[type] = text
                }
            }
        }
        return out
    }
}
