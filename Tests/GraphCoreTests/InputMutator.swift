import TangleBasics
/// Deterministic damage to a graph file, for the mutation tests: the k-th
/// mutant of a file is always the same bytes.
struct InputMutator {
    let original: [UInt8]
    /// Offsets where the syntax turns (brackets, separators, quotes, line ends):
    /// truncating there finds the "expected X, found end of file" paths.
    let structuralPoints: [Int]
    /// Other files' bytes, spliced in to mix formats.
    let donors: [[UInt8]]
    var random: SplitMix64

    static let structural: Set<UInt8> = Set("{}[](),:;=\"'<>/\n\t *%#".utf8)
    static let weirdNumbers = ["99999999999999999999999", "-1", "NaN", "nan", "-inf", "1e309", "-0", "0", "4294967296",
                               "2147483648", "9223372036854775808", "-9223372036854775809", "1.5", "0x10", "1e-400", "+7", ""]
    static let openers = ["[", "{", "<g>", "(", "{\"a\": ", "[ x ", "subgraph { ", "node [ "]
    static let interesting: [UInt8] = Array("{}[]\",:\\\n\r\t <>/=#%*-+.0123456789eE".utf8) + [0x00, 0xFF, 0xC3, 0x80, 0xE2]

    init(_ bytes: [UInt8], seed: UInt64, donors: [[UInt8]] = []) {
        original = bytes
        random = SplitMix64(seed: seed)
        self.donors = donors
        var points: [Int] = []
        for (i, c) in bytes.enumerated() where Self.structural.contains(c) { points.append(i) }
        structuralPoints = points
    }

    /// How many mutants are truncations (the first ones); the rest are random.
    var truncationCount: Int { min(structuralPoints.count, 150) * 2 }

    /// The k-th mutant.
    mutating func mutant(_ k: Int) -> [UInt8] {
        if k < truncationCount {
            // Evenly spread structural points, cut just before and just after each.
            let p = structuralPoints[(k / 2) * structuralPoints.count / (truncationCount / 2)]
            return Array(original[0..<min(original.count, p + k % 2)])
        }
        var b = original
        let rounds = 1 + random.below(3)
        for _ in 0..<rounds { mutate(&b) }
        return b
    }

    private mutating func mutate(_ b: inout [UInt8]) {
        let n = b.count
        let at = random.below(n + 1)
        switch random.below(11) {
        case 0:  // bit flips
            guard n > 0 else { return }
            for _ in 0...random.below(4) { b[random.below(n)] ^= UInt8(1 << random.below(8)) }
        case 1:  // insert interesting bytes
            for _ in 0...random.below(3) { b.insert(Self.interesting[random.below(Self.interesting.count)], at: random.below(b.count + 1)) }
        case 2:  // delete a byte or a short range
            guard n > 0 else { return }
            let s = random.below(n), len = min(n - s, 1 + random.below(random.below(2) == 0 ? 2 : 64))
            b.removeSubrange(s..<(s + len))
        case 3:  // duplicate a chunk, possibly many times
            guard n > 0 else { return }
            let s = random.below(n), len = min(n - s, 1 + random.below(256))
            let chunk = Array(b[s..<(s + len)])
            let times = random.below(4) == 0 ? 200 : 1
            var insert: [UInt8] = []
            for _ in 0..<times { insert += chunk }
            b.insert(contentsOf: insert, at: at)
        case 4:  // a number becomes huge, negative, NaN, …
            replaceNumber(&b)
        case 5:  // hostile nesting
            let opener = Array(Self.openers[random.below(Self.openers.count)].utf8)
            let depth = random.below(2) == 0 ? 20_000 : 600
            var insert: [UInt8] = []
            insert.reserveCapacity(opener.count * depth)
            for _ in 0..<depth { insert += opener }
            b.insert(contentsOf: insert, at: at)
        case 6:  // lines: delete, swap or repeat one
            lineMutation(&b)
        case 7:  // one very long token
            b.insert(contentsOf: [UInt8](repeating: UInt8(ascii: random.below(2) == 0 ? "a" : "7"), count: 70_000), at: at)
        case 8:  // a byte becomes a delimiter that changes the parse
            guard n > 0 else { return }
            let choices: [UInt8] = [0x22, 0x5C, 0x0A, 0x0D, 0x00, 0xFF, 0x27, 0x3C, 0x26, 0x23, 0x25, 0x2A]
            b[random.below(n)] = choices[random.below(choices.count)]
        case 9:  // splice in part of another fixture
            guard let donor = donors.isEmpty ? nil : donors[random.below(donors.count)], !donor.isEmpty else { return }
            let s = random.below(donor.count), len = min(donor.count - s, 1 + random.below(400))
            b.insert(contentsOf: donor[s..<(s + len)], at: at)
        default:  // truncate at a random point
            b.removeSubrange(min(at, n)..<n)
        }
    }

    private mutating func replaceNumber(_ b: inout [UInt8]) {
        var starts: [Int] = []
        var i = 0
        while i < b.count {
            if b[i] >= 0x30 && b[i] <= 0x39 {
                starts.append(i)
                while i < b.count && ((b[i] >= 0x30 && b[i] <= 0x39) || b[i] == UInt8(ascii: ".")) { i += 1 }
            } else {
                i += 1
            }
        }
        guard !starts.isEmpty else { return }
        let s = starts[random.below(starts.count)]
        var e = s
        while e < b.count && ((b[e] >= 0x30 && b[e] <= 0x39) || b[e] == UInt8(ascii: ".")) { e += 1 }
        b.replaceSubrange(s..<e, with: Array(Self.weirdNumbers[random.below(Self.weirdNumbers.count)].utf8))
    }

    private mutating func lineMutation(_ b: inout [UInt8]) {
        var starts = [0]
        for (i, c) in b.enumerated() where c == 0x0A { starts.append(i + 1) }
        starts.append(b.count)
        guard starts.count > 2 else { return }
        let l = random.below(starts.count - 1)
        let line = Array(b[starts[l]..<starts[l + 1]])
        switch random.below(3) {
        case 0: b.removeSubrange(starts[l]..<starts[l + 1])
        case 1:
            var lines: [UInt8] = []
            for _ in 0..<(1 + random.below(50)) { lines += line }
            b.insert(contentsOf: lines, at: starts[random.below(starts.count)])
        default:
            let m = random.below(starts.count - 1)
            let other = Array(b[starts[m]..<starts[m + 1]])
            if m == l { return }
            // Replace the later one first so the earlier range stays valid.
            let (first, second) = l < m ? (l, m) : (m, l)
            let firstLine = l < m ? line : other, secondLine = l < m ? other : line
            b.replaceSubrange(starts[second]..<starts[second + 1], with: firstLine)
            b.replaceSubrange(starts[first]..<starts[first + 1], with: secondLine)
        }
    }
}
