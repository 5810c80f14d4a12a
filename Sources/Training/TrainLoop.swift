import Foundation
import NN
import TensorCore

/// What one training step produced.
public struct StepResult {
    public let loss: Tensor
    /// Extra scalars to log (loss terms, accuracies).
    public var metrics: [String: Double]
    public init(loss: Tensor, metrics: [String: Double] = [:]) {
        self.loss = loss
        self.metrics = metrics
    }
}

/// The optimisation loop shared by every objective: schedule, step, clip, log, checkpoint,
/// evaluate, resume.
public final class TrainLoop {
    public struct Options {
        public var steps: Int
        public var baseLearningRate: Float
        public var schedule: LearningRateSchedule = .constant
        public var maxGradientNorm: Float?
        /// Logit-scale clamp to `[0, ln 100]` applied after each step to parameters named `logit_scale`.
        public var clampLogitScale = true
        public var checkpointEvery = 0
        public var evaluateEvery = 0
        public var logEvery = 1
        public var seed: UInt64 = 0
        public init(steps: Int, baseLearningRate: Float) {
            self.steps = steps
            self.baseLearningRate = baseLearningRate
        }
    }

    public let model: Module
    public let optimizer: any Optimizer
    public var options: Options
    public let outputDirectory: URL?
    /// Objective state saved in checkpoints (read before each step, written after).
    public var objectiveState: [String: [Float]] = [:]
    public private(set) var step = 0
    public var rng: RandomGenerator

    public init(model: Module, optimizer: any Optimizer, options: Options, outputDirectory: URL?) {
        self.model = model
        self.optimizer = optimizer
        self.options = options
        self.outputDirectory = outputDirectory
        rng = RandomGenerator(seed: options.seed)
    }

    var store: CheckpointStore? { outputDirectory.map { CheckpointStore(directory: $0) } }

    /// Loads the newest checkpoint in the output directory, if any. Returns the step resumed at.
    @discardableResult
    public func resumeIfPossible() throws -> Int {
        guard let store, let snapshot = try store.restoreLatest(model: model, optimizer: optimizer) else { return 0 }
        step = snapshot.step
        rng = snapshot.rng
        objectiveState = snapshot.objectiveState
        return step
    }

    /// Saves a checkpoint of the current state.
    public func checkpoint() throws {
        try store?.save(model: model, optimizer: optimizer,
                        snapshot: TrainingSnapshot(step: step, rng: rng, objectiveState: objectiveState))
    }

    /// Runs until `options.steps` (or `until`), calling `body` for each step's loss.
    /// `evaluate` runs every `evaluateEvery` steps and at the end; its metrics are logged.
    ///
    /// A step's log lines (training, then evaluation) are written before its checkpoint, and the
    /// log is cut back to the current step when the run starts, so a run killed at any moment and
    /// resumed logs every step exactly once.
    public func run(
        until last: Int? = nil,
        progress: ((Int, Int, Double, Float) -> Void)? = nil,
        evaluate: ((Int) throws -> [String: Double])? = nil,
        body: (Int, inout RandomGenerator) throws -> StepResult
    ) throws {
        let end = min(last ?? options.steps, options.steps)
        let parameters = model.namedParameters()
        let log = try outputDirectory.map {
            try MetricsLog(url: $0.appendingPathComponent("metrics.jsonl"), keepingStepsThrough: step)
        }
        model.train(true)
        while step < end {
            let started = Date()
            let lr = options.schedule.rate(base: options.baseLearningRate, step: step)
            optimizer.learningRate = lr
            model.zeroGrad()
            let result = try body(step, &rng)
            result.loss.backward()
            var metrics = result.metrics
            metrics["loss"] = Double(result.loss.item)
            metrics["lr"] = Double(lr)
            if let maxNorm = options.maxGradientNorm {
                metrics["grad_norm"] = Double(clipGradientNorm(parameters, maxNorm: maxNorm))
            }
            optimizer.update(parameters)
            if options.clampLogitScale {
                for (name, p) in parameters where name.hasSuffix("logit_scale") {
                    p.assign(noGrad { p.value.clamped(min: 0, max: 4.605_170_2) })
                }
            }
            step += 1
            let seconds = Date().timeIntervalSince(started)
            metrics["step_seconds"] = seconds
            if step % max(options.logEvery, 1) == 0 || step == end { try log?.append(step: step, metrics) }
            progress?(step, end, seconds, result.loss.item)
            if let evaluate, options.evaluateEvery > 0, step % options.evaluateEvery == 0 || step == end {
                model.train(false)
                try log?.append(step: step, try evaluate(step).mapKeysPrefixed("eval/"))
                model.train(true)
            }
            if options.checkpointEvery > 0 && step % options.checkpointEvery == 0 { try checkpoint() }
        }
        model.train(false)
    }
}

extension Dictionary where Key == String {
    func mapKeysPrefixed(_ prefix: String) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: map { (prefix + $0.key, $0.value) })
    }
}

/// An append-only JSON-lines log of metrics, one object per line, flushed per line.
public final class MetricsLog {
    let handle: FileHandle

    /// Opens the log for appending. With `keepingStepsThrough`, lines of later steps (written by a
    /// run that was killed after its last checkpoint) and a torn last line are dropped first.
    public init(url: URL, keepingStepsThrough lastStep: Int? = nil) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !fm.fileExists(atPath: url.path) { _ = fm.createFile(atPath: url.path, contents: nil) }
        if let lastStep { try Self.truncate(url, keepingStepsThrough: lastStep) }
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
    }

    deinit { try? handle.close() }

    /// Rewrites the log (atomically) without lines of steps after `lastStep` or unparsable lines.
    static func truncate(_ url: URL, keepingStepsThrough lastStep: Int) throws {
        let data = try Data(contentsOf: url)
        var kept = Data()
        var dropped = false
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) where !line.isEmpty {
            let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            guard let step = object?["step"] as? Int, step <= lastStep else {
                dropped = true
                continue
            }
            kept.append(contentsOf: line)
            kept.append(0x0A)
        }
        if dropped || kept.count != data.count { try kept.write(to: url, options: .atomic) }
    }

    public func append(step: Int, _ metrics: [String: Double]) throws {
        var object: [String: Any] = ["step": step]
        for (k, v) in metrics { object[k] = v.isFinite ? v : NSNull() }
        var line = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        line.append(0x0A)
        try handle.write(contentsOf: line)
    }
}
