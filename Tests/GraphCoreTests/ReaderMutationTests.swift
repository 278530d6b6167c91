import Foundation
import Testing
@testable import GraphCore

/// Every reader, on damaged copies of every fixture in Tests/Fixtures (of any
/// format, so readers added later are covered too): each read returns a
/// well-formed graph or throws GraphError. A crash or trap fails the run.
///
/// The mutants are deterministic (seeded by file name); how many run is
/// bounded by time: `TANGLE_MUTATION_SECONDS` (default 15) split across files,
/// with at least `minimumPerFile` each.
@Suite struct ReaderMutationTests {
    static let minimumPerFile = 60
    static let maximumPerFile = 5_000

    struct Tally {
        var reads = 0, graphs = 0, errors = 0
        var slowest: Duration = .zero
        var slowestCase = ""
    }

    @Test func everyFixtureSurvivesMutation() throws {
        let files = PeerFixtures.graphFiles()
        try #require(files.count >= 15)
        let budget = Double(ProcessInfo.processInfo.environment["TANGLE_MUTATION_SECONDS"] ?? "") ?? 15
        let contents = try files.map { try Array(Data(contentsOf: URL(fileURLWithPath: PeerFixtures.path($0)))) }
        let clock = ContinuousClock()
        let start = clock.now
        var total = Tally()
        var perFormat: [GraphFormat: Int] = [:]
        for (index, file) in files.enumerated() {
            let format = GraphFormat.fromExtension(file)
            var seed: UInt64 = 0xC0FFEE
            for c in file.utf8 { seed = (seed ^ UInt64(c)) &* 0x100_0000_01B3 }
            var mutator = InputMutator(contents[index], seed: seed, donors: contents)
            // Time left is shared by the files still to come.
            let deadline = start + .seconds(budget * Double(index + 1) / Double(files.count))
            var k = 0
            while k < Self.maximumPerFile && (k < Self.minimumPerFile || clock.now < deadline) {
                let bytes = mutator.mutant(k)
                let directed: Bool? = k % 5 == 0 ? true : k % 5 == 1 ? false : nil
                let t0 = clock.now
                do {
                    let g = try GraphIO.read(bytes: bytes, source: file, options: ReadOptions(format: format, directed: directed))
                    total.graphs += 1
                    let problems = GraphInvariants.violations(g, allowNaN: Self.spellsNaN(bytes))
                    if !problems.isEmpty {
                        Issue.record("\(file) mutant \(k): \(problems.prefix(3).joined(separator: "; "))")
                    }
                } catch is GraphError {
                    total.errors += 1
                } catch {
                    Issue.record("\(file) mutant \(k) threw \(type(of: error)), not GraphError: \(error)")
                }
                let took = clock.now - t0
                if took > total.slowest { total.slowest = took; total.slowestCase = "\(file) mutant \(k) (\(bytes.count) bytes)" }
                total.reads += 1
                k += 1
            }
            perFormat[format ?? .edgelist, default: 0] += k
        }
        print("mutation: \(total.reads) reads of \(files.count) fixtures in \(clock.now - start): \(total.graphs) graphs, \(total.errors) GraphErrors; " +
              "per format \(perFormat.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")); " +
              "slowest \(total.slowest) for \(total.slowestCase)")
        #expect(total.reads >= files.count * Self.minimumPerFile)
        #expect(total.errors > 0 && total.graphs > 0)
        // Debug build, shared machine: generous, but a quadratic path or a hang shows.
        #expect(total.slowest < .seconds(3), "slowest read: \(total.slowestCase)")
    }

    static func spellsNaN(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 3 else { return false }
        for i in 0..<(bytes.count - 2) where bytes[i] | 0x20 == 0x6E && bytes[i + 1] | 0x20 == 0x61 && bytes[i + 2] | 0x20 == 0x6E {
            return true
        }
        return false
    }
}
