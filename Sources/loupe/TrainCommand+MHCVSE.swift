import Foundation
import MHCVSE
import Training

extension TrainCommand {
    /// MH-CVSE's published settings adapted to CPU scale: heads over a frozen base CLIP, Adam
    /// (no weight decay) at 2e-4, gradient clip 2, cosine annealing; `mhcvse.*` holds its switches.
    static func mhcvseExample() -> TrainConfig {
        var c = TrainConfig()
        c.data.train = "world/train.jsonl"
        c.data.eval = "world/test.jsonl"
        c.out = "runs/mhcvse"
        c.objective.name = "mhcvse"
        c.model.initFrom = "runs/infonce/final"
        c.optimizer.lr = 2e-4
        c.optimizer.betas = [0.9, 0.999]
        c.optimizer.eps = 1e-8
        c.optimizer.weightDecay = 0
        c.optimizer.gradClip = 2
        c.schedule.name = "cosine"
        c.schedule.stepEvery = 300
        c.batchSize = 128
        c.steps = 600
        c.evalEvery = 200
        c.checkpointEvery = 200
        return c
    }

    /// Trains MH-CVSE heads and returns `OUT/final`.
    static func runMHCVSE(_ c: TrainConfig) throws -> URL {
        let say: (String) -> Void = { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
        let trainer = try MHCVSETrainer(config: c, log: say)
        let bar = ProgressLine(label: "training", total: c.steps)
        let final = try trainer.run(progress: { step, _, seconds, loss in
            bar.update(step, extra: String(format: "loss %.4f  %.3fs/step", loss, seconds))
        }, log: say)
        bar.finish()
        return final
    }
}
