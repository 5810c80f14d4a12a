import Foundation
import Dispatch

/// Splits data-parallel loops across cores when the work is large enough to pay for it.
///
/// On two cores a `concurrentPerform` split wins only above roughly 0.1–0.2 ms of work
/// (PLATFORM.md §4), so callers pass an estimate of the work in "element operations".
package enum Parallel {
    /// Elementary operations below which a loop stays on the calling thread.
    package static let minimumWork = 1 << 16
    package static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Calls `body(range)` over disjoint chunks covering `0..<count`.
    package static func forEachChunk(
        _ count: Int, workPerItem: Int = 1, _ body: (Range<Int>) -> Void
    ) {
        let work = count * max(1, workPerItem)
        if count < 2 || cores == 1 || work < minimumWork {
            body(0..<count)
            return
        }
        let chunks = min(count, cores * 4)
        let size = (count + chunks - 1) / chunks
        withoutActuallyEscaping(body) { escapable in
            let task = UncheckedSendable(escapable)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let start = c * size
                let end = min(count, start + size)
                if start < end { task.value(start..<end) }
            }
        }
    }
}


/// Carries a closure over raw buffers into `concurrentPerform`; callers guarantee that chunks
/// touch disjoint memory.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Results that concurrent workers write into distinct slots (`DispatchQueue.concurrentPerform`),
/// read back in slot order once all have finished.
public final class ConcurrentSlots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()
    public init(count: Int) { storage = Array(repeating: nil, count: count) }
    public func set(_ i: Int, _ value: Value) { lock.withLock { storage[i] = value } }
    /// Every slot's value; each slot must have been set.
    public var values: [Value] { lock.withLock { storage.map { $0! } } }
}
