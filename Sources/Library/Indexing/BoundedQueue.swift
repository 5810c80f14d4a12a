import Foundation

/// A blocking FIFO of limited capacity between pipeline threads.
///
/// `put` waits while the queue is full (back-pressure), `take` waits while it is empty. `close`
/// ends the stream after the queued items; `cancel` drops them and wakes everyone.
final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private let capacity: Int
    private var closed = false
    private var cancelled = false

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// Enqueues `item`; false if the queue was cancelled.
    @discardableResult
    func put(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, or nil once closed and drained, or cancelled.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed && !cancelled { condition.wait() }
        if cancelled || items.isEmpty { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// No more items will be put.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Drops queued items; `put` and `take` return immediately from now on.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}

/// An item travelling through the pipeline, or the reason a stage stopped.
enum PipelineItem<Value: Sendable>: Sendable {
    case value(Value)
    case failure(String)
}
