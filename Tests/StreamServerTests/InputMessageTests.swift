import StreamInterface
import Testing
@testable import StreamServer

@Suite struct InputMessageTests {
    func parse(_ text: String) -> InputMessage {
        InputMessage.parse(text, source: 7, serial: 3, now: 1000)
    }

    func event(_ text: String) -> InputEvent? {
        if case .event(let e) = parse(text) { return e }
        return nil
    }

    @Test func hoverMoveCarriesPositionButtonsAndModifiers() throws {
        let e = try #require(event(#"{"type":"move","x":0.25,"y":0.75,"buttons":0,"mods":5}"#))
        #expect(e.kind == .pointerMove)
        #expect(e.x == 0.25 && e.y == 0.75)
        #expect(e.buttons.isEmpty)
        #expect(e.modifiers == [.shift, .alt])
        #expect(e.source == 7 && e.serial == 3 && e.timestamp == 1000)
        let drag = try #require(event(#"{"type":"move","x":0.5,"y":0.5,"buttons":3}"#))
        #expect(drag.buttons == [.primary, .secondary])
    }

    @Test func downUpAndDoubleClickNameTheButton() throws {
        let down = try #require(event(#"{"type":"down","x":0,"y":1,"button":2,"count":1,"mods":2}"#))
        #expect(down.kind == .pointerDown && down.buttons == .secondary && down.modifiers == .control && down.clickCount == 1)
        let second = try #require(event(#"{"type":"down","x":0,"y":1,"button":0,"count":2}"#))
        #expect(second.clickCount == 2 && second.buttons == .primary)
        let up = try #require(event(#"{"type":"up","x":0.1,"y":0.2,"button":1}"#))
        #expect(up.kind == .pointerUp && up.buttons == .middle)
        let dbl = try #require(event(#"{"type":"dblclick","x":0.3,"y":0.4,"button":0,"mods":8}"#))
        #expect(dbl.kind == .doubleClick && dbl.modifiers == .meta && dbl.clickCount == 2)
    }

    @Test func wheelIsClampedToAHundredLines() throws {
        let e = try #require(event(#"{"type":"wheel","x":0.5,"y":0.5,"dx":-1.5,"dy":1e6}"#))
        #expect(e.kind == .wheel && e.wheelX == -1.5 && e.wheelY == 100)
    }

    @Test func keysBecomeScalarsOrWebKeyCodes() throws {
        #expect(event(#"{"type":"keydown","key":"a"}"#)?.keyCode == 97)
        #expect(event(#"{"type":"keyup","key":"é","mods":1}"#)?.keyCode == 0xE9)
        #expect(event(#"{"type":"keydown","key":"ArrowLeft"}"#)?.keyCode == WebKey.arrowLeft.rawValue)
        #expect(event(#"{"type":"keydown","key":"F5"}"#)?.keyCode == WebKey.f5.rawValue)
        #expect(event(#"{"type":"keydown","key":"Escape"}"#)?.keyCode == 27)
        #expect(parse(#"{"type":"keydown","key":"Shift"}"#) == .ignored)
    }

    @Test func dragsJustOutsideTheImageAreClampedToItsEdge() throws {
        let e = try #require(event(#"{"type":"move","x":-0.2,"y":1.3,"buttons":1}"#))
        #expect(e.x == 0 && e.y == 1)
    }

    @Test func pingEchoesTheClientClock() {
        #expect(parse(#"{"type":"ping","t":1234.5}"#) == .ping(1234.5))
    }

    @Test(arguments: [
        "", "null", "[]", "42", "{", "garbage \u{0}\u{1}", #"{"x":1}"#, #"{"type":7}"#, #"{"type":"teleport"}"#,
        #"{"type":"move"}"#, #"{"type":"move","x":"a","y":0}"#, #"{"type":"move","x":5,"y":0}"#,
        #"{"type":"move","x":0.5,"y":0.5,"buttons":-1}"#, #"{"type":"move","x":0.5,"y":0.5,"mods":99}"#,
        #"{"type":"down","x":0.5,"y":0.5}"#, #"{"type":"down","x":0.5,"y":0.5,"button":9}"#,
        #"{"type":"down","x":0.5,"y":0.5,"button":0,"count":0}"#, #"{"type":"wheel","x":0.5,"y":0.5,"dy":"x"}"#,
        #"{"type":"keydown"}"#, #"{"type":"keydown","key":""}"#, #"{"type":"keydown","key":"\#(String(repeating: "k", count: 40))"}"#,
        #"{"type":"ping"}"#, #"{"type":"move","x":1e400,"y":0}"#,
    ])
    func malformedMessagesAreInvalidNeverATrap(text: String) {
        if case .invalid = parse(text) { return }
        Issue.record("expected invalid for \(text), got \(parse(text))")
    }

    @Test func overlongMessagesAreInvalid() {
        let long = #"{"type":"move","x":0.5,"y":0.5,"pad":""# + String(repeating: "x", count: 2000) + #""}"#
        if case .invalid = parse(long) {} else { Issue.record("a 2 kB message was accepted") }
    }

    @Test func rateLimiterAllowsBurstThenRate() {
        var limiter = RateLimiter(rate: 100, burst: 10, now: 0)
        var allowed = 0
        for _ in 0..<50 where limiter.allow(now: 0) { allowed += 1 }
        #expect(allowed == 10)
        // 50 ms later: 5 more tokens.
        var later = 0
        for _ in 0..<50 where limiter.allow(now: 50_000_000) { later += 1 }
        #expect(later == 5)
    }
}
