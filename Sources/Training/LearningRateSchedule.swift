import Foundation

/// Learning rate as a function of the step (0-based), as open_clip_train/scheduler.py and
/// torch.optim.lr_scheduler compute them.
public enum LearningRateSchedule: Codable, Sendable, Equatable {
    case constant
    /// Linear warm-up `base·(step+1)/warmup`, then half-cosine to 0 at `totalSteps` (open_clip `cosine_lr`).
    case warmupCosine(warmup: Int, totalSteps: Int)
    /// `CosineAnnealingLR`: `minimum + (base − minimum)·(1 + cos(π·step/period))/2`.
    case cosineAnnealing(period: Int, minimum: Float)
    /// `StepLR`: multiply by `gamma` every `every` steps.
    case stepDecay(every: Int, gamma: Float)

    public func rate(base: Float, step: Int) -> Float {
        switch self {
        case .constant: return base
        case let .warmupCosine(warmup, total):
            if step < warmup { return base * Float(step + 1) / Float(warmup) }
            let e = Double(step - warmup), es = Double(max(total - warmup, 1))
            return Float(0.5 * (1 + Foundation.cos(Double.pi * e / es))) * base
        case let .cosineAnnealing(period, minimum):
            let t = Double(min(step, period)) / Double(max(period, 1))
            return minimum + (base - minimum) * Float((1 + Foundation.cos(Double.pi * t)) / 2)
        case let .stepDecay(every, gamma):
            return base * Float(Foundation.pow(Double(gamma), Double(step / max(every, 1))))
        }
    }
}
