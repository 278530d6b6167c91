// A persistent pool of worker threads for the force loops. A step hands the
// pool a kernel object (no closure, so nothing is allocated per step); chunks
// are taken from an atomic counter so a slow chunk does not stall a thread.
import Foundation
import Synchronization
import TangleBasics

/// Work split into chunks that may run on any thread, in any order.
protocol ParallelKernel: AnyObject {
    /// Does chunk `index` of `count`. Chunks write disjoint memory.
    func run(chunk index: Int, of count: Int)
}

/// `threads - 1` long-lived workers plus the calling thread.
final class WorkerPool: @unchecked Sendable {
    // Safety: `kernel`, `chunkCount` and `stopping` are written only by the
    // owning thread while every worker is parked on its semaphore; the
    // semaphore signal/wait pairs order those writes before the reads.
    let threadCount: Int
    private var kernel: ParallelKernel?
    private var chunkCount = 0
    private let nextChunk = Atomic<Int>(0)
    private let start: [DispatchSemaphore]
    private let done = DispatchSemaphore(value: 0)
    private var stopping = false
    private var workers: [Thread] = []
    /// Niceness the workers take on at their next run (the calling thread
    /// sets its own): the explorer's layout yields the cores to frames.
    let niceness = Atomic<Int32>(0)

    init(threads: Int) {
        threadCount = max(1, threads)
        start = (0..<max(0, threadCount - 1)).map { _ in DispatchSemaphore(value: 0) }
        for w in 0..<(threadCount - 1) {
            // unowned(unsafe): deinit waits for every worker to leave before memory goes.
            let t = Thread { [unowned(unsafe) self] in self.workerLoop(w) }
            t.name = "tangle.layout.worker\(w)"
            t.stackSize = 1 << 20
            workers.append(t)
            t.start()
        }
    }

    /// Runs every chunk of `kernel`, on this thread and the workers, and
    /// returns when all are done.
    func run(_ kernel: ParallelKernel, chunks: Int) {
        if threadCount == 1 || chunks <= 1 {
            for c in 0..<chunks { kernel.run(chunk: c, of: chunks) }
            return
        }
        self.kernel = kernel
        chunkCount = chunks
        nextChunk.store(0, ordering: .relaxed)
        for s in start { s.signal() }
        drain()
        for _ in start { done.wait() }
        self.kernel = nil
    }

    private func drain() {
        guard let kernel else { return }
        let count = chunkCount
        while true {
            let c = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
            if c >= count { return }
            kernel.run(chunk: c, of: count)
        }
    }

    private func workerLoop(_ w: Int) {
        var applied: Int32 = 0
        while true {
            start[w].wait()
            if stopping { done.signal(); return }
            let n = niceness.load(ordering: .relaxed)
            if n != applied { lowerThreadPriority(to: n); applied = n }
            drain()
            done.signal()
        }
    }

    /// Ends the worker threads; the pool must not be used afterwards.
    func shutdown() {
        guard !stopping else { return }
        stopping = true
        for s in start { s.signal() }
        for _ in start { done.wait() }
    }

    deinit { shutdown() }
}
