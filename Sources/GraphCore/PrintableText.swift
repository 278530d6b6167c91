/// Text from an input file made safe to print on a terminal: control
/// characters (C0, DEL, C1, bidirectional overrides) are shown as escapes
/// (`\x1b`, `\u009b`, `\u202e`), never sent as they are, and long text is cut
/// with "…". Error messages quote input through this, so a file cannot move
/// the cursor, change colours or fill the screen with one line.
public enum PrintableText {
    /// How many characters of quoted input an error shows.
    public static let quoteLimit = 80
    /// The longest error message shown whole (a backstop behind `quote`).
    public static let messageLimit = 600

    /// `text` escaped and cut to `limit` characters (then "…").
    public static func quote(_ text: some StringProtocol, limit: Int = quoteLimit) -> String {
        escape(text, limit: limit)
    }

    /// Every control character of `text` as an escape; cut to `limit`
    /// characters of output when given.
    public static func escape(_ text: some StringProtocol, limit: Int? = nil) -> String {
        var out = ""
        var shown = 0
        for scalar in text.unicodeScalars {
            if let limit, shown >= limit {
                out += "…"
                return out
            }
            let v = scalar.value
            if v < 0x20 || v == 0x7F {
                out += "\\x" + hex(v, digits: 2)
            } else if (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
                        || v == 0x200E || v == 0x200F || v == 0x061C {
                out += "\\u" + hex(v, digits: 4)
            } else {
                out.unicodeScalars.append(scalar)
            }
            shown += 1
        }
        return out
    }

    /// One printable line: escaped, and cut at `messageLimit` characters.
    static func line(_ text: String) -> String {
        escape(text, limit: messageLimit)
    }

    private static func hex(_ v: UInt32, digits: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }
}
