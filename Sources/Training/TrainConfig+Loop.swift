/// The optimizer and loop options every trainer builds from a config the same way.
extension TrainConfig {
    /// `optimizer.name` `sgd` (momentum, weight decay) or AdamW (betas, eps, decoupled weight decay).
    public func makeOptimizer() -> any Training.Optimizer {
        let o = optimizer
        return o.name == "sgd"
            ? SGD(learningRate: o.lr, momentum: o.momentum, weightDecay: o.weightDecay)
            : AdamW(learningRate: o.lr, beta1: o.betas[0], beta2: o.betas[1], eps: o.eps, weightDecay: o.weightDecay)
    }

    /// `steps`, the schedule, gradient clipping, checkpoint and evaluation intervals and the seed;
    /// evaluation is off when the run has no held-out data (`evaluates` false).
    public func loopOptions(evaluates: Bool) throws -> TrainLoop.Options {
        var options = TrainLoop.Options(steps: steps, baseLearningRate: optimizer.lr)
        options.schedule = try learningRateSchedule
        options.maxGradientNorm = optimizer.gradClip
        options.checkpointEvery = checkpointEvery
        options.evaluateEvery = evaluates ? evalEvery : 0
        options.seed = seed
        return options
    }
}
