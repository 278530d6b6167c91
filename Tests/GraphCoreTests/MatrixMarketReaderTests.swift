import Testing
@testable import GraphCore

@Suite struct MatrixMarketReaderTests {
    func mtx(_ text: String, directed: Bool? = nil) throws -> Graph {
        try GraphIO.read(bytes: Array(text.utf8), source: "t.mtx", options: ReadOptions(format: .mtx, directed: directed))
    }

    func mtxError(_ text: String) -> GraphError? {
        do { _ = try mtx(text); return nil } catch let e as GraphError { return e } catch { return nil }
    }

    @Test func generalIsUndirectedUnlessAskedAndKeepsIsolatedNodes() throws {
        let text = "%%MatrixMarket matrix coordinate integer general\n% c\n\n5 5 3\n1 2 4\n2 1 6\n3 3 -1\n"
        let g = try mtx(text)
        #expect(!g.isDirected)
        #expect(g.nodeIDs == ["1", "2", "3", "4", "5"])
        #expect(g.edgeCount == 2)
        #expect(g.weight(0, 1) == 10)  // a(1,2) + a(2,1)
        #expect(g.selfLoopCount == 1 && g.weight(2, 2) == -1)
        let d = try mtx(text, directed: true)
        #expect(d.isDirected && d.edgeCount == 3)
        #expect(d.weight(0, 1) == 4 && d.weight(1, 0) == 6)
        #expect(try mtx(text, directed: false).isDirected == false)
    }

    @Test func symmetricPatternAndHermitian() throws {
        let g = try PeerFixtures.read("karate_scipy_pattern.mtx")
        #expect(!g.isDirected && !g.isWeighted)
        #expect(g.nodeCount == 34 && g.edgeCount == 78)
        let d = try PeerFixtures.read("karate_scipy_pattern.mtx", directed: true)
        #expect(d.isDirected && d.edgeCount == 156)
        let h = try mtx("%%MatrixMarket matrix coordinate real hermitian\n2 2 1\n2 1 0\n")
        #expect(!h.isDirected && h.weight(0, 1) == 0)  // explicit zeros are edges
    }

    @Test func skewSymmetricHoldsBothArcs() throws {
        let g = try PeerFixtures.read("skew_scipy_real.mtx")
        #expect(g.isDirected)
        #expect(g.weight(1, 0) == -2 && g.weight(0, 1) == 2)
        #expect(mtxError("%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n1 1 3\n")?.message ==
                "a skew-symmetric matrix has no diagonal entries, found (1, 1)")
    }

    @Test func headerProblemsAreExplained() throws {
        #expect(mtxError("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n") == GraphError(source: "t.mtx", line: 1, column: 23,
                "dense 'array' Matrix Market files are not supported: write the matrix in 'coordinate' format (scipy.io.mmwrite does for sparse matrices)"))
        #expect(mtxError("%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n")?.message ==
                "complex matrices are not supported: an edge weight is one real number")
        #expect(mtxError("%%MatrixMarket vector coordinate real general\n")?.message ==
                "expected 'matrix' after %%MatrixMarket, found 'vector' (only matrices are graphs)")
        #expect(mtxError("%%MatrixMarket matrix coordinate real\n")?.message ==
                "expected a symmetry: general, symmetric, skew-symmetric or hermitian, found end of line")
        #expect(mtxError("%%MatrixMarket matrix coordinate pattern skew-symmetric\n")?.message ==
                "a skew-symmetric matrix needs values: 'pattern skew-symmetric' is not valid Matrix Market")
        #expect(mtxError("%%MatrixMarket matrix coordinate real general\n% only comments\n")?.message ==
                "expected the size line 'ROWS COLUMNS ENTRIES', found end of file")
        #expect(mtxError("1 2\n")?.message == "expected the header '%%MatrixMarket matrix coordinate …', found '1 2'")
    }

    @Test func entryProblemsAreExplained() throws {
        let h = "%%MatrixMarket matrix coordinate real general\n"
        #expect(mtxError(h + "3 3 2\n1 2 1.0\n") == GraphError(source: "t.mtx", line: 4, column: 1,
                "expected 2 entries as the size line declares, found end of file after 1"))
        #expect(mtxError(h + "3 3 1\n1 2 1.0\n2 3 1\n") == GraphError(source: "t.mtx", line: 4, column: 1,
                "more entries than the 1 the size line declares, found '2 3 1'"))
        #expect(mtxError(h + "3 3 1\n4 2 1.0\n") == GraphError(source: "t.mtx", line: 3, column: 1,
                "row index 4 is out of range: the matrix is 3×3, so indices run from 1 to 3"))
        #expect(mtxError(h + "3 3 1\n1 0 1.0\n")?.message == "column index 0 is out of range: the matrix is 3×3, so indices run from 1 to 3")
        #expect(mtxError(h + "3 3 1\n1 -2 1.0\n")?.message == "expected a column index (an integer from 1 to 3), found '-2'")
        #expect(mtxError(h + "3 3 1\n1 2\n")?.message ==
                "expected a value after the row and column (the header says the matrix has values), found end of line")
        #expect(mtxError(h + "3 3 1\n1 2 abc\n")?.message == "expected a number for the entry's value, found 'abc'")
        #expect(mtxError(h + "3 3 1\n1 2 NaN\n")?.message == "the entry's value is NaN: weights must be numbers")
        #expect(mtxError(h + "3 3 1\n1 2 1 7\n")?.message == "expected end of line after the entry, found '7'")
        #expect(mtxError("%%MatrixMarket matrix coordinate pattern general\n3 3 1\n1 2 1\n")?.message ==
                "expected end of line after the entry (a pattern matrix has no values), found '1'")
        #expect(mtxError(h + "3 4 1\n1 2 1\n")?.message == "a 3×4 matrix is not square: an adjacency matrix needs as many rows as columns")
        #expect(mtxError(h + "2 2 5\n")?.message == "5 entries cannot fit in a 2×2 matrix")
        #expect(mtxError(h + "99999999 99999999 0\n")?.message == "the matrix has 99999999 rows; Tangle reads at most 1048576 nodes from a file of 66 bytes (at most 67108864 in all)")
        #expect(mtxError(h + "3 3\n")?.message == "expected the number of entries, found end of line")
        #expect(mtxError(h + "3 3 1 1\n")?.message == "expected end of line after 'ROWS COLUMNS ENTRIES', found '1'")
        #expect(mtxError(h + "3 3 99999999999999999999\n")?.message == "expected the number of entries (a non-negative integer), found '99999999999999999999'")
    }

    @Test func emptyMatrix() throws {
        let g = try mtx("%%MatrixMarket matrix coordinate pattern symmetric\n0 0 0\n")
        #expect(g.nodeCount == 0 && g.edgeCount == 0)
    }
}
