import CaptionNegatives
import Dispatch
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
                let slots = GeneratedSlots(count: captions.count)
                DispatchQueue.concurrentPerform(iterations: 2) { worker in
                    for i in stride(from: worker, to: captions.count, by: 2) {
                        slots.set(i, generator.negatives(named: generatable, of: captions[i]))
                    }
                }
                for (k, index) in lacking.enumerated() { out[index].negatives = slots.values[k] }
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

/// Generated negatives written by concurrent workers into distinct slots.
final class GeneratedSlots: @unchecked Sendable {
    private var storage: [[String: String]]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: [:], count: count) }
    func set(_ i: Int, _ value: [String: String]) {
        lock.lock()
        storage[i] = value
        lock.unlock()
    }
    var values: [[String: String]] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
