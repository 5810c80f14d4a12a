import Dispatch
import TensorCore
import Testing

@Suite("Parallel helpers")
struct ParallelTests {
    @Test("ConcurrentSlots: values from concurrent workers come back in slot order")
    func slots() {
        let n = 4096
        let slots = ConcurrentSlots<[Int]>(count: n)
        DispatchQueue.concurrentPerform(iterations: n) { i in slots.set(n - 1 - i, [i, i * i]) }
        #expect(slots.values == (0..<n).map { [n - 1 - $0, (n - 1 - $0) * (n - 1 - $0)] })
    }

    @Test("Parallel.forEachChunk reaches every index of a large loop")
    func chunks() {
        let n = 100_003
        let hits = ConcurrentSlots<Int>(count: n)
        Parallel.forEachChunk(n) { range in for i in range { hits.set(i, i) } }
        #expect(hits.values == Array(0..<n))
    }
}
