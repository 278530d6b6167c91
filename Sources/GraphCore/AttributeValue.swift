/// A node, edge or graph attribute as a file gave it: kept for display and
/// for colouring/sizing by attribute.
public enum AttributeValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)

    /// The value as a number, where it is one (booleans count as 0/1).
    public var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .string: return nil
        }
    }

    /// The value as text a person reads.
    public var text: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return formatNumber(d)
        case .bool(let b): return b ? "true" : "false"
        }
    }

    /// Parses text the way most graph formats mean it: integer, then real, else string.
    public static func inferred(_ text: String) -> AttributeValue {
        if let i = Int(text) { return .int(i) }
        if let d = Double(text), d.isFinite || text.lowercased().contains("inf") || text.lowercased().contains("nan") {
            return .double(d)
        }
        return .string(text)
    }
}

/// Shortest text that reads back as the same Double; integers without ".0".
@inlinable
public func formatNumber(_ d: Double) -> String {
    if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
    return "\(d)"
}
