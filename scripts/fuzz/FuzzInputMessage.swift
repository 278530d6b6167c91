// libFuzzer entry point over the side server's WebSocket input messages
// (JSON from a browser viewer), compiled with InputMessage, InputEvent and
// the key codes by scripts/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    switch InputMessage.parse(text, source: 1, serial: 1, now: 1) {
    case .event(let e):
        if !(e.x.isFinite && e.y.isFinite && e.wheelX.isFinite && e.wheelY.isFinite) { fatalError("non-finite event \(e)") }
        if e.x < 0 || e.x > 1 || e.y < 0 || e.y > 1 { fatalError("event outside the image: \(e)") }
    case .ping(let t):
        if !t.isFinite { fatalError("non-finite ping") }
    case .ignored, .invalid:
        break
    }
    return 0
}
