/// Edge records as a reader adds them, before they become CSR rows.
///
/// Each record is one `UInt64` (source in the low half, target in the high
/// half), kept in fixed-size blocks: no doubling reallocation copies the
/// whole list (and holds it twice) while a big file is read, and the CSR
/// builder frees each block once it has placed its records. Weights exist
/// only once some edge has one.
struct EdgeRecords: Sendable {
    static let blockSize = 1 << 16

    private(set) var blocks: [[UInt64]] = []
    private(set) var weightBlocks: [[Double]]? = nil
    private var current: [UInt64] = []
    private var currentWeights: [Double] = []
    private(set) var count = 0

    var isWeighted: Bool { weightBlocks != nil }

    @inline(__always)
    mutating func append(_ u: Int32, _ v: Int32, weight: Double?) {
        if current.count == Self.blockSize { seal() }
        if current.capacity == 0 { current.reserveCapacity(Self.blockSize) }
        if let weight {
            if weightBlocks == nil { startWeights() }
            currentWeights.append(weight)
        } else if weightBlocks != nil {
            currentWeights.append(1)
        }
        current.append(UInt64(UInt32(bitPattern: u)) | UInt64(UInt32(bitPattern: v)) << 32)
        count += 1
    }

    /// Moves the current block into `blocks`; afterwards every record is in `blocks`.
    mutating func seal() {
        guard !current.isEmpty else { return }
        blocks.append(current)
        current = []
        if weightBlocks != nil {
            weightBlocks!.append(currentWeights)
            currentWeights = []
        }
    }

    /// Unweighted records so far weigh 1.
    private mutating func startWeights() {
        weightBlocks = blocks.map { Array(repeating: 1, count: $0.count) }
        currentWeights = Array(repeating: 1, count: current.count)
        currentWeights.reserveCapacity(Self.blockSize)
    }

    /// Frees block `k` once its records are placed.
    mutating func release(_ k: Int) {
        blocks[k] = []
        if weightBlocks != nil { weightBlocks![k] = [] }
    }

    @inline(__always) static func source(_ r: UInt64) -> Int { Int(UInt32(truncatingIfNeeded: r)) }
    @inline(__always) static func target(_ r: UInt64) -> Int { Int(UInt32(truncatingIfNeeded: r >> 32)) }
}
