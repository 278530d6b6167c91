#if canImport(Dispatch)
import Dispatch
#endif

/// Tangle's own sixel encoder for frames drawn in a fixed palette: no
/// quantization, no dithering. Each 6-row band first paints the frame's
/// commonest colour (the background) across its whole width in one run —
/// later sixels overwrite earlier ones — then lists only the other colours
/// present in it, each from its first to its last pixel, repeats as `!n`
/// runs. Bands are independent, so `threads: 2` encodes the two halves of
/// the frame at once.
///
/// Colour registers are compacted to the colours the frame uses, so a 256-entry
/// palette still fits a terminal with fewer registers when a frame uses few.
public final class SixelEncoder: PixelEncoder {
    /// Worker threads over bands (1 or 2 make sense on most machines).
    public var threads: Int
    /// Each source pixel becomes a `pixelRepeat`×`pixelRepeat` block, so a frame
    /// rendered at 1/k size still fills the pane; bytes fall about k-fold
    /// because runs get longer rather than more numerous.
    public var pixelRepeat: Int = 1
    private var indexer: PaletteIndexer?
    private var indices: [UInt8] = []
    private var workers: [BandWorker] = []

    public init(threads: Int = 1) {
        self.threads = max(1, threads)
    }

    public func encode(_ image: RGBAImage, palette: Palette, into out: inout [UInt8]) throws(TerminalGraphicsError) {
        guard image.width > 0, image.height > 0 else {
            throw TerminalGraphicsError("sixel: expected a non-empty image, found \(image.width)×\(image.height)")
        }
        let k = max(1, pixelRepeat)
        let parts = try encode(image, palette: palette, strips: [0..<(image.height * k)])
        out.append(contentsOf: parts[0])
    }

    /// Encodes horizontal strips of the frame as separate sixel images, one
    /// payload per strip (output rows, after `pixelRepeat`): each defines
    /// only the colours its rows use, so a terminal can be sent just the
    /// strips that changed, or a large frame strip by strip. Strips should
    /// start on a cell row (each is placed with the cursor at its top-left).
    public func encode(_ image: RGBAImage, palette: Palette, strips: [Range<Int>]) throws(TerminalGraphicsError) -> [[UInt8]] {
        guard image.width > 0, image.height > 0 else {
            throw TerminalGraphicsError("sixel: expected a non-empty image, found \(image.width)×\(image.height)")
        }
        let indexer = self.indexer(for: palette)
        let k = max(1, pixelRepeat)
        let w = image.width, h = image.height
        let outW = w * k, outH = h * k
        if indices.count < w * h { indices = [UInt8](repeating: 0, count: w * h) }
        let parts = min(threads, (outH + 5) / 6, h)
        while workers.count < parts { workers.append(BandWorker()) }
        let workers = self.workers

        // Phase 1: pixels → palette indices, each part its own source rows.
        indices.withUnsafeMutableBufferPointer { idx in
            guard let pointer = idx.baseAddress else { return }
            let shared = SendablePointer(pointer)
            let run: @Sendable (Int) -> Void = { part in
                let base = shared.pointer
                let worker = workers[part]
                worker.resetUsed()
                worker.used.withUnsafeMutableBufferPointer { used in
                    indexer.map(image, rows: (h * part / parts)..<(h * (part + 1) / parts),
                                into: base, used: used.baseAddress!)
                }
            }
            Self.perform(parts, run)
        }

        // Registers: the used colours, numbered in palette order.
        var registers = [UInt8](repeating: 0, count: 256)
        var defined: [Int] = []
        for c in 0..<palette.colors.count where workers[0..<parts].contains(where: { $0.used[c] }) {
            registers[c] = UInt8(defined.count)
            defined.append(c)
        }

        let base = Self.commonestIndex(indices, count: w * h)
        let colorCount = palette.colors.count
        var payloads: [[UInt8]] = []
        for strip in strips {
            let top = max(0, min(strip.lowerBound, outH)), bottom = max(top, min(strip.upperBound, outH))
            guard bottom > top else { payloads.append([]); continue }
            var out: [UInt8] = []
            // The colours this strip's rows use (all of them for the whole frame).
            var usedHere = [Bool](repeating: false, count: 256)
            if top == 0 && bottom == outH {
                for c in defined { usedHere[c] = true }
            } else {
                usedHere[Int(base)] = true
                for y in (top / k)...((bottom - 1) / k) {
                    let row = y * w
                    for x in 0..<w { usedHere[Int(indices[row + x])] = true }
                }
            }
            // Header: DCS P1=0 P2=1 (pixels we never set stay as they were; we set them all) q,
            // raster attributes 1:1 aspect and the size, then the colour definitions.
            out.append(contentsOf: [0x1B, 0x50, 0x30, 0x3B, 0x31, 0x3B, 0x30, 0x71, 0x22, 0x31, 0x3B, 0x31, 0x3B])
            out.appendDecimal(outW); out.append(0x3B); out.appendDecimal(bottom - top)
            for (register, c) in defined.enumerated() where usedHere[c] {
                let color = palette.colors[c]
                out.append(0x23); out.appendDecimal(register); out.append(contentsOf: [0x3B, 0x32])
                for v in [color.r, color.g, color.b] {
                    out.append(0x3B); out.appendDecimal((Int(v) * 100 + 127) / 255)
                }
            }
            let bandCount = (bottom - top + 5) / 6
            let stripParts = min(parts, bandCount)
            @Sendable func bandRange(_ part: Int) -> Range<Int> {
                (bandCount * part / stripParts)..<(bandCount * (part + 1) / stripParts)
            }
            // Phase 2: bands → sixel data, each part into its own buffer.
            indices.withUnsafeBufferPointer { idx in
                registers.withUnsafeBufferPointer { reg in
                    let source = SendablePointer(UnsafeMutablePointer(mutating: idx.baseAddress!))
                    let table = SendablePointer(UnsafeMutablePointer(mutating: reg.baseAddress!))
                    let run: @Sendable (Int) -> Void = { part in
                        workers[part].encode(bands: bandRange(part), bandCount: bandCount, indices: source.pointer,
                                             width: w, height: h, repeat: k, registers: table.pointer, base: base,
                                             colorCount: colorCount, top: top, bottom: bottom)
                    }
                    Self.perform(stripParts, run)
                }
            }
            for part in 0..<stripParts { out.append(contentsOf: workers[part].out) }
            out.append(contentsOf: [0x1B, 0x5C])
            payloads.append(out)
        }
        return payloads
    }

    /// The most frequent index, estimated on a sample of the frame: each band
    /// paints it everywhere first, so only the other colours need runs.
    static func commonestIndex(_ indices: [UInt8], count: Int) -> UInt8 {
        var counts = [Int](repeating: 0, count: 256)
        var i = 0
        while i < count { counts[Int(indices[i])] += 1; i += 61 }
        var best = 0
        for c in 1..<256 where counts[c] > counts[best] { best = c }
        return UInt8(best)
    }

    private func indexer(for palette: Palette) -> PaletteIndexer {
        if let indexer, indexer.palette == palette { return indexer }
        let made = PaletteIndexer(palette)
        indexer = made
        return made
    }

    private static func perform(_ parts: Int, _ body: @Sendable (Int) -> Void) {
        #if canImport(Dispatch)
        if parts > 1 {
            DispatchQueue.concurrentPerform(iterations: parts, execute: body)
            return
        }
        #endif
        for part in 0..<parts { body(part) }
    }
}

/// A pointer handed to the band threads; each thread touches only its own rows.
struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<UInt8>
    init(_ pointer: UnsafeMutablePointer<UInt8>) { self.pointer = pointer }
}
