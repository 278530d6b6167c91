// libFuzzer entry point over the terminal reply parser (what a terminal, or
// anything writing to our tty, answers to the capability queries), compiled
// with TerminalGraphics' parsing sources by scripts/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = TerminalReplyParser.replies(in: bytes)
    let caps = TerminalCapabilities.parse(replies: bytes)
    // Sizes from replies drive allocations: nothing negative may come out.
    if let r = caps.sixelColorRegisters, r < 0 { fatalError("negative colour registers \(r)") }
    // The version is printed (`tangle gfx`): it must carry no control characters.
    if let v = caps.terminalVersion, v.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
        fatalError("control characters in the terminal version \(v.debugDescription)")
    }
    return 0
}
