/// The client side of RFC 6455 over a ``RawClient``: enough to send exactly
/// the frames a test means, well-formed or not.
extension RawClient {
    /// Sends the upgrade request; returns the response status (101 on success).
    func upgradeToWebSocket(port: Int, query: String = "", headers: String = "") -> Int? {
        send("GET /ws\(query) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\(headers)\r\n")
        return readResponseHead()?.status
    }

    /// A masked frame, as clients must send.
    static func frame(opcode: UInt8, payload: [UInt8], fin: Bool = true, mask: Bool = true) -> [UInt8] {
        var out: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        let m: UInt8 = mask ? 0x80 : 0
        if payload.count < 126 {
            out.append(m | UInt8(payload.count))
        } else if payload.count < 65536 {
            out.append(m | 126)
            out += [UInt8(payload.count >> 8), UInt8(payload.count & 255)]
        } else {
            out.append(m | 127)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8((payload.count >> shift) & 255)) }
        }
        if mask {
            let key: [UInt8] = [0x12, 0x34, 0x56, 0x78]
            out += key
            out += payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
        } else {
            out += payload
        }
        return out
    }

    func sendText(_ text: String) -> Bool { send(Self.frame(opcode: 1, payload: Array(text.utf8))) }

    /// Reads one server frame (unmasked): opcode and payload.
    func readFrame() -> (opcode: UInt8, payload: [UInt8])? {
        guard let h = read(count: 2) else { return nil }
        var length = Int(h[1] & 0x7F)
        if length == 126 {
            guard let e = read(count: 2) else { return nil }
            length = Int(e[0]) << 8 | Int(e[1])
        } else if length == 127 {
            guard let e = read(count: 8) else { return nil }
            length = e.reduce(0) { $0 << 8 | Int($1) }
        }
        guard let payload = read(count: length) else { return nil }
        return (h[0] & 0x0F, payload)
    }

    /// Reads text frames until one contains `needle`; nil on close or timeout.
    func readText(containing needle: String, maxFrames: Int = 200) -> String? {
        for _ in 0..<maxFrames {
            guard let f = readFrame() else { return nil }
            if f.opcode == 8 { return nil }
            let text = String(decoding: f.payload, as: UTF8.self)
            if f.opcode == 1, text.contains(needle) { return text }
        }
        return nil
    }
}
