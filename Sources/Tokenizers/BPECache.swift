import Synchronization

/// A thread-safe memo of BPE results per pre-token, like the reference's `self.cache`
/// but bounded: it is emptied when it reaches `capacity` entries.
final class BPECache: Sendable {
    private let storage = Mutex<[CodePoints: [Int32]]>([:])
    private let capacity: Int

    init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    /// The cached ids for `key`, computing and storing them with `compute` on a miss.
    func ids(for key: CodePoints, compute: () -> [Int32]) -> [Int32] {
        if let hit = storage.withLock({ $0[key] }) {
            return hit
        }
        let ids = compute()
        storage.withLock { cache in
            if cache.count >= capacity {
                cache.removeAll(keepingCapacity: true)
            }
            cache[key] = ids
        }
        return ids
    }

    /// The number of cached pre-tokens.
    var count: Int { storage.withLock { $0.count } }
}
