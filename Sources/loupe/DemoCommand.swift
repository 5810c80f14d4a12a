import ArgumentParser
import CLIPPipeline
import Evaluation
import Foundation
import Library
import SearchServer
import SyntheticWorld
import Training

/// `make demo`: the whole of Loupe on its built-in world, in minutes on two cores.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a synthetic world, train CLIP from scratch, fine-tune with CE-CLIP and Radial Embedding, evaluate and compare.",
        discussion: """
            Steps: (1) render a world (loupe synth); (2) train a tiny CLIP from scratch with InfoNCE; \
            (3) fine-tune copies with CE-CLIP hard negatives and with Radial Embedding; (4) evaluate all \
            three on the held-out split (retrieval, SugarCrepe, ARO, HierarCaps) and print one table; \
            (5) write the HTML report. Everything stays under --out: world/, models/NAME (loadable model \
            directories), runs/, report/ and results.json.

            Bigger: loupe demo --train 8000 --steps 2000 --out demo-big
            """)

    @Option(help: "Output directory.") var out = "out/demo"
    @Option(help: "Training scenes.") var train = 3000
    @Option(help: "Held-out test scenes.") var test = 400
    @Option(help: "InfoNCE steps from scratch.") var steps = 400
    @Option(help: "Fine-tuning steps for CE-CLIP and Radial Embedding.") var fineTuneSteps = 120
    @Option(help: "Batch size.") var batch = 64
    @Option(help: "Random seed.") var seed: UInt64 = 0

    func run() throws {
        let started = Date()
        let root = URL(fileURLWithPath: out)
        let world = root.appendingPathComponent("world")
        let fm = FileManager.default
        if !fm.fileExists(atPath: world.appendingPathComponent("train.jsonl").path) {
            say("1/5 rendering \(train) + \(test) scenes into \(world.path)")
            let bar = ProgressLine(label: "scenes", total: train + test)
            _ = try World.generate(outDir: world, seed: seed, train: train, test: test, size: 64) { done, _ in bar.update(done) }
            bar.finish()
        } else {
            say("1/5 reusing the world in \(world.path)")
        }
        var models: [String: URL] = [:]
        let plan: [(name: String, objective: String, initFrom: String?, steps: Int)] = [
            ("infonce", "infonce", nil, steps), ("ce-clip", "ceclip", "infonce", fineTuneSteps),
            ("radial", "radial", "infonce", fineTuneSteps),
        ]
        for (i, p) in plan.enumerated() {
            var c = TrainConfig()
            c.data.train = world.appendingPathComponent("train.jsonl").path
            c.data.eval = world.appendingPathComponent("test.jsonl").path
            c.out = root.appendingPathComponent("runs/\(p.name)").path
            c.steps = p.steps
            c.batchSize = batch
            c.seed = seed
            c.evalEvery = max(p.steps / 2, 1)
            c.checkpointEvery = max(p.steps / 4, 1)
            c.objective.name = p.objective
            c.model.architecture = "tiny"
            c.model.initFrom = p.initFrom.flatMap { models[$0]?.path }
            switch p.objective {
            case "ceclip":
                c.objective.negativeTypes = ["swap_obj", "replace_att", "replace_obj", "replace_rel"]
                c.optimizer.lr = 2e-4
                c.schedule.warmup = 10
            case "radial":
                c.optimizer.lr = 1e-5
                c.optimizer.weightDecay = 0.01
                c.batchSize = 32
                c.schedule.name = "constant"
            default:
                c.optimizer.lr = 1e-3
                c.schedule.warmup = 30
            }
            say("\(i + 2)/5 training \(p.name) (\(p.objective), \(p.steps) steps)")
            let trainer = try Trainer(config: c)
            let bar = ProgressLine(label: p.name, total: c.steps)
            let final = try trainer.run(progress: { step, _, seconds, loss in
                bar.update(step, extra: String(format: "loss %.3f %.2fs/step", loss, seconds))
            })
            bar.finish()
            let dest = root.appendingPathComponent("models/\(p.name)")
            try? fm.removeItem(at: dest)
            try fm.createDirectory(at: dest.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: final, to: dest)
            models[p.name] = dest
        }

        say("5/5 evaluating on the held-out split")
        let suites: [(String, URL)] = [
            ("retrieval", world.appendingPathComponent("test.jsonl")), ("sugarcrepe", world.appendingPathComponent("sugarcrepe")),
            ("aro", world.appendingPathComponent("aro")), ("hierarcaps", world.appendingPathComponent("hierarcaps_test.csv")),
        ]
        var results: [EvalResult] = []
        var table: [String: [String: [String: Double]]] = [:]
        for name in plan.map(\.name) {
            let pipeline = try CLIPEmbedder.load(models[name]!)
            let embedder = PipelineEmbedder(pipeline)
            for (suite, data) in suites {
                let s = try SuiteCatalog.make(suite, data: data, images: [world], options: SuiteOptions(split: nil))
                var r = try s.run(embedder: embedder, context: EvalContext(batchSize: 128))
                r.model = name
                results.append(r)
                table[name, default: [:]][suite] = r.metrics
            }
        }
        let reportDir = root.appendingPathComponent("report")
        try ReportWriter(results: results, comparisons: [], title: "Loupe demo: InfoNCE vs CE-CLIP vs Radial Embedding").write(to: reportDir)
        let seconds = Date().timeIntervalSince(started)
        let json: [String: Any] = ["models": table, "seconds": seconds]
        try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            .write(to: root.appendingPathComponent("results.json"))
        print(Self.comparison(table, names: plan.map(\.name)))

        say("indexing the held-out images for search with the CE-CLIP model")
        let libraryDir = root.appendingPathComponent("library")
        let pipeline = try CLIPEmbedder.load(models["ce-clip"]!)
        let testImages = root.appendingPathComponent("search-images")
        if !fm.fileExists(atPath: testImages.path) {
            try fm.createDirectory(at: testImages, withIntermediateDirectories: true)
            for name in try fm.contentsOfDirectory(atPath: world.appendingPathComponent("images").path) where name.hasPrefix("test_") {
                try fm.copyItem(at: world.appendingPathComponent("images/\(name)"), to: testImages.appendingPathComponent(name))
            }
        }
        let library = try Library(directory: libraryDir, mode: .readWrite)
        _ = try Indexer(library: library, embedder: CLIPItemEmbedder(pipeline: pipeline)).run(roots: [testImages])
        for query in ["a red circle to the left of a blue square", "a large striped green star", "two hearts"] {
            let hits = try library.search(vector: try pipeline.embedTexts([query], normalize: true)[0],
                                          fingerprint: pipeline.fingerprint, k: 3)
            print("\nsearch \"\(query)\":")
            for h in hits { print(String(format: "  %.3f  %@", h.score, h.path)) }
        }
        print("\nSearch it yourself: loupe search \"a blue triangle above a yellow square\" --model \(root.path)/models/ce-clip --db \(libraryDir.path)")
        print("Browse it: loupe serve --db \(libraryDir.path) --model \(root.path)/models/ce-clip  (then open http://127.0.0.1:8080/)")
        print(String(format: "\ndone in %.0f s. Report: %@/report.html  Models: %@/models/  Results: %@/results.json",
                     seconds, reportDir.path, root.path, root.path))
        print("Try: loupe embed --model \(root.path)/models/ce-clip --text \"a red circle to the left of a blue square\"")
    }

    func say(_ s: String) { FileHandle.standardError.write(Data("demo: \(s)\n".utf8)) }

    static let shown: [(String, String)] = [
        ("retrieval", "t2i_r1"), ("retrieval", "i2t_r1"), ("sugarcrepe", "replace_obj"), ("sugarcrepe", "replace_att"),
        ("sugarcrepe", "replace_rel"), ("sugarcrepe", "swap_obj"), ("sugarcrepe", "swap_att"), ("sugarcrepe", "add_obj"),
        ("sugarcrepe", "add_att"), ("aro", "vg_relation"), ("aro", "vg_attribution"), ("aro", "coco_order"),
        ("hierarcaps", "tau_d"), ("hierarcaps", "precision"), ("hierarcaps", "recall"),
    ]

    static func comparison(_ t: [String: [String: [String: Double]]], names: [String]) -> String {
        var lines = ["", "| suite | metric | " + names.joined(separator: " | ") + " |",
                     "|---|---|" + String(repeating: "---|", count: names.count)]
        for (suite, metric) in shown {
            let values = names.map { n in t[n]?[suite]?[metric].map { String(format: "%.3f", $0) } ?? "—" }
            if values.allSatisfy({ $0 == "—" }) { continue }
            lines.append("| \(suite) | \(metric) | " + values.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
