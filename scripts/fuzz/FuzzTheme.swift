// libFuzzer entry point over ThemeLibrary.parse (theme JSON files), compiled
// into one module with Render's theme sources by scripts/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        _ = try ThemeLibrary.parse(text, file: "fuzz.json")
    } catch is RenderError {
        // Refused with a message: expected.
    } catch {
        fatalError("ThemeLibrary.parse threw \(type(of: error)), not RenderError")
    }
    return 0
}
