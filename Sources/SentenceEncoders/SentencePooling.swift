import Foundation
import TensorCore

/// How token states become one sentence vector (sentence-transformers `Pooling`, `1_Pooling/config.json`).
public enum SentencePooling: String, Sendable, Equatable, CaseIterable {
    /// Mean over the attention mask (`pooling_mode_mean_tokens`).
    case mean
    /// The `[CLS]` state (`pooling_mode_cls_token`).
    case cls
    /// Element-wise maximum over real tokens (`pooling_mode_max_tokens`).
    case max
    /// Sum over real tokens divided by √length (`pooling_mode_mean_sqrt_len_tokens`).
    case meanSqrtLength = "mean_sqrt_len"

    /// Pools `hidden [B, T, W]` with `mask` (`[B·T]`, 1 = token) into `[B, W]`; differentiable.
    public func callAsFunction(_ hidden: Tensor, mask: [Int]) -> Tensor {
        let (b, t, w) = (hidden.shape[0], hidden.shape[1], hidden.shape[2])
        precondition(mask.count == b * t, "pooling mask must have \(b * t) entries")
        let m = Tensor(mask.map(Float.init), shape: [b, t, 1])
        switch self {
        case .cls:
            return hidden.reshaped([b, t * w]).slice(axis: 1, 0..<w)
        case .max:
            // sentence-transformers sets padded states to -1e9 before the max.
            let padded = Tensor(mask.map { $0 == 0 ? 1 : 0 }, shape: [b, t, 1])
            return hidden.maskedFill(padded, value: -1e9).max(axis: 1)
        case .mean, .meanSqrtLength:
            let counts = mask.chunked(t).map { Float($0.reduce(0, +)) }
            let summed = (hidden * m).sum(axis: 1)  // [B, W]
            let divisor = self == .mean
                ? counts.map { Swift.max($0, 1e-9) } : counts.map { Swift.max($0, 1e-9).squareRoot() }
            return summed / Tensor(divisor, shape: [b, 1])
        }
    }

    /// Reads `1_Pooling/config.json`: the first mode set to true, in sentence-transformers' order.
    /// - Throws: `SentenceEncoderError` when the file is unreadable or names no supported mode.
    public static func read(_ url: URL) throws -> SentencePooling {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) } catch {
            throw SentenceEncoderError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        guard let config = object as? [String: Any] else {
            throw SentenceEncoderError.invalidConfiguration(path: url.path, key: "", reason: "not a JSON object")
        }
        if let mode = config["pooling_mode"] as? String {
            switch mode {
            case "mean": return .mean
            case "cls": return .cls
            case "max": return .max
            case "mean_sqrt_len_tokens": return .meanSqrtLength
            default:
                throw SentenceEncoderError.invalidConfiguration(
                    path: url.path, key: "pooling_mode", reason: "'\(mode)' is not supported (mean, cls, max)")
            }
        }
        let modes: [(String, SentencePooling)] = [
            ("pooling_mode_cls_token", .cls), ("pooling_mode_max_tokens", .max),
            ("pooling_mode_mean_tokens", .mean), ("pooling_mode_mean_sqrt_len_tokens", .meanSqrtLength),
        ]
        let chosen = modes.filter { config[$0.0] as? Bool == true }
        if chosen.count == 1 { return chosen[0].1 }
        let reason = chosen.isEmpty ? "no supported pooling mode is true"
            : "several pooling modes are true (their concatenation is not supported)"
        throw SentenceEncoderError.invalidConfiguration(path: url.path, key: "pooling_mode_mean_tokens", reason: reason)
    }
}

extension Array {
    /// Consecutive slices of `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: Swift.max(size, 1)).map { self[$0 ..< Swift.min($0 + size, count)] }
    }
}
