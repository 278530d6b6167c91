import Foundation

/// What the explorer writes text in. The screen is always written as UTF-8
/// or as plain ASCII, never in a locale's 8-bit charset: with `LANG` unset or
/// `C` on a remote machine (ssh does not always forward it), the terminal at
/// the other end is still almost always UTF-8.
enum TextLocale: Equatable, Sendable {
    /// The locale is UTF-8 already.
    case utf8
    /// The locale (named) was not UTF-8; `LC_CTYPE` is switched to this UTF-8 one.
    case switched(from: String, to: String)
    /// No UTF-8 locale is installed: ASCII only.
    case ascii(locale: String)

    /// The locale the environment asks for (LC_ALL, then LC_CTYPE, then LANG).
    static func requested(_ environment: [String: String]) -> String {
        for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let v = environment[key], !v.isEmpty { return v }
        }
        return "POSIX"
    }

    static func isUTF8(_ name: String) -> Bool {
        let n = name.lowercased()
        return n.hasSuffix(".utf-8") || n.hasSuffix(".utf8") || n.contains(".utf-8@") || n.contains(".utf8@")
    }

    /// Decides, switching `LC_CTYPE` when it must: `candidates` are tried in order.
    static func choose(environment: [String: String],
                       candidates: [String] = ["C.UTF-8", "C.utf8", "en_US.UTF-8"]) -> TextLocale {
        let name = requested(environment)
        if isUTF8(name), setlocale(LC_CTYPE, name) != nil { return .utf8 }
        for c in candidates where setlocale(LC_CTYPE, c) != nil { return .switched(from: name, to: c) }
        _ = setlocale(LC_CTYPE, "C")
        return .ascii(locale: name)
    }

    var asciiOnly: Bool { if case .ascii = self { return true } else { return false } }

    /// For the status line; nil when nothing needs saying.
    var notice: String? {
        switch self {
        case .utf8: return nil
        case .switched(let from, let to): return "locale \(from) is not UTF-8: writing UTF-8 (LC_CTYPE=\(to))"
        case .ascii(let locale): return "locale \(locale) is not UTF-8 and no UTF-8 locale is installed: ASCII only"
        }
    }
}
