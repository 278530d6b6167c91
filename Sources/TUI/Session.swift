import Foundation
import GraphCore
import Layout
import Render

/// What `--session FILE`, `:save` and `:open` keep of an explorer: the
/// positions of the nodes shown, the camera, the filter (with hidden nodes
/// and fade), the colour, size and label mappings, the selection, the path
/// and the theme; and the graph's fingerprint, so a session is never
/// applied to (or saved over by) another graph.
public struct Session: Codable, Sendable, Equatable {
    /// Node count, edge count and a hash of the node ids, in order.
    public struct Fingerprint: Codable, Sendable, Equatable, CustomStringConvertible {
        public var nodes: Int
        public var edges: Int
        public var idsHash: String

        public init(_ g: Graph) {
            nodes = g.nodeCount
            edges = g.edgeCount
            // FNV-1a (64 bit) over every id and a separator: stable across runs and machines.
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for id in g.nodeIDs {
                for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
                h = (h ^ 0xff) &* 0x100_0000_01b3
            }
            idsHash = String(h, radix: 16)
        }

        public var description: String { "\(nodes) nodes, \(edges) edges, ids hash \(idsHash)" }
    }

    public static let formatVersion = 1
    public var tangleSession = Session.formatVersion
    public var graph: Fingerprint
    /// Where the graph came from (informative).
    public var source: String
    public var filter: String?
    public var hidden: [String] = []
    public var fade = false
    /// How colour is chosen (`community`, `degree`, `file`, `attribute:KEY`, `mapped:NAME`).
    public var color: String
    public var autoColor: Bool
    public var size: String?
    public var label: String?
    public var theme: String
    public var edges: Bool
    public var labels: Bool
    /// The selected node's id.
    public var selected: String?
    /// The highlighted path's node ids.
    public var path: [String]?
    public var camera: CameraRecord
    public var paused: Bool
    public var algorithm: String
    public var dimension: Int
    /// The ids of the nodes shown and their coordinates (`dimension` per node).
    public var ids: [String]
    public var coordinates: [Float]

    enum CodingKeys: String, CodingKey {
        case tangleSession = "tangle_session", graph, source, filter, hidden, fade, color, autoColor = "auto_color",
             size, label, theme, edges, labels, selected, path, camera, paused, algorithm, dimension, ids, coordinates
    }

    /// Reads a session; errors name the file and say what is wrong.
    public static func read(_ path: String) throws -> Session {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw GraphError(source: path, "cannot read the session: \(error.localizedDescription)")
        }
        let s: Session
        do { s = try JSONDecoder().decode(Session.self, from: data) } catch {
            throw GraphError(source: path, "not a Tangle session (\(error))")
        }
        guard s.tangleSession == formatVersion else {
            throw GraphError(source: path, "session format \(s.tangleSession) is not the one this Tangle reads (\(formatVersion))")
        }
        guard s.dimension == 2 || s.dimension == 3, s.coordinates.count == s.ids.count * s.dimension else {
            throw GraphError(source: path, "the session's positions are incomplete")
        }
        return s
    }

    /// Nil when the session is of `g`; else why not, for the person.
    public func mismatch(with g: Graph, path: String) -> String? {
        let mine = Fingerprint(g)
        guard mine != graph else { return nil }
        return "\(path) is a session of another graph (\(graph)); this graph has \(mine). Nothing was loaded or overwritten."
    }

    /// The session's coordinates for the nodes of `graph` (by id); a node
    /// it does not have starts beside a neighbour it has, else at the middle.
    public func positions(on graph: Graph) -> LayoutPositions {
        let dim = dimension
        var index: [String: Int] = [:]
        index.reserveCapacity(ids.count)
        for (i, id) in ids.enumerated() { index[id] = i }
        var coords = [Double](repeating: 0, count: graph.nodeCount * dim)
        for v in 0..<graph.nodeCount {
            let from = index[graph.nodeIDs[v]]
                ?? graph.undirectedNeighbours(v).lazy.compactMap { index[graph.nodeIDs[$0]] }.first
            guard let i = from else { continue }
            for k in 0..<dim { coords[v * dim + k] = Double(coordinates[i * dim + k]) }
        }
        return LayoutPositions(dimension: dim, coordinates: coords)
    }

    /// Writes the session to `path` atomically: a new file beside it
    /// (`NewFile`: O_EXCL|O_NOFOLLOW, never through a link) renamed over the
    /// name, so a reader sees the old session or the new one, and a link
    /// planted at `path` is replaced, never written through. A session of
    /// another graph already at `path` is not overwritten; nor is a file
    /// that is not a session.
    public func write(to path: String) throws {
        var st = stat()
        if lstat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFREG {
                let existing: Session
                do { existing = try Session.read(path) } catch {
                    throw GraphError(source: path, "exists and is not a Tangle session; not overwritten")
                }
                if existing.graph != graph {
                    throw GraphError(source: path, "is a session of another graph (\(existing.graph)); not overwritten")
                }
            } else if (st.st_mode & S_IFMT) != S_IFLNK {
                throw GraphError(source: path, "exists and is not a regular file; not overwritten")
            }
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = [UInt8](try encoder.encode(self))
        let file = try NewFile.create(in: directory, name: "." + url.lastPathComponent + ".tmp", extension: "new", mode: 0o600)
        do {
            try file.write(bytes)
            file.close()
            guard rename(file.path, path) == 0 else {
                throw GraphError(source: path, "cannot replace: \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(file.path)
            throw error
        }
    }
}
