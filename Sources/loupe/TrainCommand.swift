import ArgumentParser
import CCL
import DualEncoder
import Foundation
import Training

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train on CPU: CLIP (InfoNCE, CE-CLIP hard negatives, Radial Embedding), dual encoders, MH-CVSE, CCL.",
        discussion: """
            The config (JSON, or YAML for .yaml/.yml files, same keys) holds every setting; `--print-config` \
            prints a documented, runnable example (`--format yaml` for YAML). \
            The flags below override it so a run can start from the printed example unchanged. Runs resume \
            from the newest checkpoint in --out after an interruption (even kill -9). The finished model is \
            a loadable model directory at OUT/final (OpenCLIP layout); metrics go to OUT/metrics.jsonl.

            Examples:
              loupe synth --out world
              loupe train --print-config --objective infonce > infonce.json
              loupe train --config infonce.json --data world/train.jsonl --out runs/infonce --steps 300
              loupe train --config ceclip.json --init runs/infonce/final --out runs/ceclip
              loupe train --print-config --objective mhcvse > mhcvse.json
              loupe train --config mhcvse.json --init runs/infonce/final --out runs/mhcvse
              loupe train --print-config --objective ceclip --format yaml > ceclip.yaml
              loupe train --print-config --objective dual-minilm > dual.json   # MiniLM text tower, see text_tower
              loupe train --config dual.json --data ../shared/data/flickr8k/captions.csv --out runs/dual-flickr

            Objective `dual` trains a dual encoder (CLIP image tower + the text tower
            `text_tower.kind` names: `clip`, or `sentence` = a pretrained sentence encoder + a
            learned projection, `trainable` frozen, top_k or full) with plain InfoNCE; its OUT/final
            is a `dual-encoder` model directory. `data.train` may be a JSONL manifest, a Flickr8k
            captions.csv (split list `data.split`, default train.txt beside it) or a COCO caption
            JSON; `data.recaptions` + `data.recaption_mix` mix in dense captions.
              loupe train --print-config --objective ccl > ccl.json     # CCL over the frozen runs/infonce/final
              loupe train --config ccl.json && loupe eval category-map --model runs/ccl/final --data world/test.jsonl
            """)

    @Option(help: ArgumentHelp("Training config (JSON, or YAML for .yaml/.yml).", valueName: "file")) var config: String?
    @Flag(help: "Print an example config and exit.") var printConfig = false
    @Option(help: "With --print-config: infonce, ceclip, radial, dual, dual-minilm, mhcvse or ccl.") var objective = "infonce"
    @Option(help: "With --print-config: json or yaml.") var format = "json"
    @Option(help: ArgumentHelp("Override data.train.", valueName: "manifest")) var data: String?
    @Option(help: ArgumentHelp("Override data.eval.", valueName: "manifest")) var eval: String?
    @Option(help: ArgumentHelp("Override out.", valueName: "dir")) var out: String?
    @Option(help: "Override steps.") var steps: Int?
    @Option(help: ArgumentHelp("Override model.init (a model directory to start from).", valueName: "path")) var `init`: String?

    func run() throws {
        if printConfig {
            guard ["json", "yaml"].contains(format) else { throw ValidationError("--format must be json or yaml") }
            print(try Self.example(objective, format: format))
            return
        }
        guard let config else { throw ValidationError("give --config FILE (or --print-config to get one)") }
        var c = try TrainConfig.load(URL(fileURLWithPath: config))
        if let data { c.data.train = data }
        if let eval { c.data.eval = eval }
        if let out { c.out = out }
        if let steps { c.steps = steps }
        if let `init` { c.model.initFrom = `init` }
        try c.validate()
        FileHandle.standardError.write(Data("loupe train: \(c.objective.name), \(c.steps) steps, batch \(c.batchSize), out \(c.out)\n".utf8))
        if c.objective.name == "mhcvse" {
            print("final model: \(try Self.runMHCVSE(c).path)")
            return
        }
        if c.objective.name == "ccl" {
            try Self.runCCL(c)
            return
        }
        let bar = ProgressLine(label: "training", total: c.steps)
        let progress: (Int, Int, Double, Float) -> Void = { step, _, seconds, loss in
            bar.update(step, extra: String(format: "loss %.4f  %.2fs/step", loss, seconds))
        }
        let log: (String) -> Void = { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
        let final = c.objective.name == "dual"
            ? try DualEncoderTrainer(config: c).run(progress: progress, log: log)
            : try Trainer(config: c).run(progress: progress, log: log)
        bar.finish()
        print("final model: \(final.path)")
    }

    /// A runnable example config with the method's published settings, adapted to CPU scale.
    static func example(_ objective: String, format: String = "json") throws -> String {
        var c = TrainConfig()
        c.data.train = "world/train.jsonl"
        c.data.eval = "world/test.jsonl"
        c.out = "runs/\(objective)"
        switch objective {
        case "infonce":
            c.model.architecture = "tiny"
            c.optimizer.lr = 1e-3
            c.steps = 600
        case "ceclip":
            c.objective.name = "ceclip"
            c.model.initFrom = "runs/infonce/final"
            c.objective.negativeTypes = ["swap_obj", "replace_att", "replace_obj", "replace_rel"]
            c.optimizer.lr = 1e-4
            c.steps = 200
            c.schedule.warmup = 20
        case "radial":
            c.objective.name = "radial"
            c.model.initFrom = "runs/infonce/final"
            c.optimizer.lr = 1e-5
            c.optimizer.weightDecay = 0.01
            c.steps = 100
            c.batchSize = 16
            c.schedule.name = "constant"
        case "dual", "dual-minilm":
            c.objective.name = "dual"
            c.out = "runs/\(objective)"
            c.model.architecture = "tiny"
            c.optimizer.lr = 1e-3
            c.steps = 600
            if objective == "dual-minilm" {
                c.textTower.kind = "sentence"
                c.textTower.sentenceEncoder = (ProcessInfo.processInfo.environment["LOUPE_CACHE"] ?? NSHomeDirectory() + "/.cache/loupe")
                    + "/sentence-encoders/all-MiniLM-L6-v2"
                c.textTower.trainable = "frozen"
            }
        case "mhcvse": c = mhcvseExample()
        case "ccl":
            c.objective.name = "ccl"
            c.model.initFrom = "runs/infonce/final"
            c.optimizer.name = "sgd"
            c.optimizer.lr = 0.01
            c.optimizer.momentum = 0.9
            c.optimizer.weightDecay = 0.004
            c.optimizer.gradClip = nil
            c.schedule.name = "step"
            c.schedule.stepEvery = 1500
            c.schedule.gamma = 0.1
            c.batchSize = 80
            c.steps = 2000
            c.evalEvery = 500
            c.checkpointEvery = 500
            c.ccl.stage1Steps = 1000
            c.ccl.encoderWidths = [512, 512]
            c.ccl.codeWidth = 512
            c.ccl.fusionWidth = 1024
            c.ccl.refinementWidths = [512, 512, 512]
            c.ccl.commonWidth = 512
        default: throw ValidationError("--objective must be infonce, ceclip, radial, dual, dual-minilm, mhcvse or ccl")
        }
        return try c.exampleString(format: format)
    }

    /// `objective.name = ccl`: both stages over the frozen `model.init`, then the base features'
    /// and the trained model's category MAP on `data.eval`.
    static func runCCL(_ c: TrainConfig) throws {
        let say = { (line: String) in FileHandle.standardError.write(Data("\(line)\n".utf8)) }
        let trainer = try CCLTrainer(config: c, log: say)
        var bar: ProgressLine?
        var stage = ""
        let final = try trainer.run(progress: { name, step, total, loss in
            if name != stage {
                bar?.finish()
                stage = name
                bar = ProgressLine(label: name, total: total)
            }
            bar?.update(step, extra: String(format: "loss %.4f", loss))
        }, log: say)
        bar?.finish()
        let base = trainer.baseMAP(), trained = trainer.evaluate()
        if !base.isEmpty {
            print("category MAP on \(c.data.eval ?? "")     I→T     T→I    mean")
            for (name, m) in [("frozen base features", base), ("ccl", trained)] {
                print(name.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + String(format: "  %6.4f  %6.4f  %6.4f", m["map_i2t"] ?? 0, m["map_t2i"] ?? 0, m["map_avg"] ?? 0))
            }
        }
        print("final model: \(final.path)")
    }
}
