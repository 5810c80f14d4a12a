import ArgumentParser
import Foundation
import SyntheticWorld

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Generate the synthetic compositional world: rendered scenes, captions, chains and hard negatives.",
        discussion: """
            Writes, under --out: images/ (PNG), train.jsonl and test.jsonl (retrieval manifests with dense and \
            sparse captions, 4-level chains, contradicting chains and hard negatives), sugarcrepe/*.json, aro/, \
            hierarcaps_test.csv, chains_train.jsonl, categories.json and a README.md describing them. The same \
            seed gives byte-identical files. The test split holds out colour–shape and relation combinations \
            never seen in training.

            Examples:
              loupe synth --out world
              loupe synth --out world-big --train 20000 --test 2000 --size 96 --seed 7
            """)

    @Option(help: "Output directory (must be empty or absent unless --force).") var out: String
    @Option(help: "Random seed; the same seed gives byte-identical files.") var seed: UInt64 = 0
    @Option(help: "Training scenes.") var train = 5000
    @Option(help: "Test scenes.") var test = 1000
    @Option(help: "Image size in pixels (square).") var size = 64
    @Flag(help: "Write into a non-empty directory (stale files from a bigger run may remain).") var force = false

    func validate() throws {
        guard train > 0, test > 0 else { throw ValidationError("--train and --test must be positive") }
        guard (32...1024).contains(size) else { throw ValidationError("--size must be between 32 and 1024") }
    }

    func run() throws {
        let dir = URL(fileURLWithPath: out)
        if !force, let contents = try? FileManager.default.contentsOfDirectory(atPath: dir.path), !contents.isEmpty {
            throw CLIError("\(dir.path) is not empty; choose another --out or pass --force")
        }
        let progress = ProgressLine(label: "rendering scenes", total: train + test)
        let summary = try World.generate(outDir: dir, seed: seed, train: train, test: test, size: size) { done, _ in
            progress.update(done)
        }
        progress.finish()
        print(String(format: "wrote %d training and %d test scenes (%d px, seed %llu) to %@: %d files, %.1f MB",
                     summary.trainCount, summary.testCount, summary.imageSize, summary.seed, dir.path,
                     summary.files, Double(summary.bytes) / 1e6))
    }
}
