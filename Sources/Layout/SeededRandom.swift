import TangleBasics

extension SplitMix64 {
    /// The layouts' generator for a seed: the stream they have always drawn
    /// for it (the increment added once at seeding), so a seed keeps giving
    /// the same layout.
    init(layoutSeed seed: UInt64) { self.init(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }
}
