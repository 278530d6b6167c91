// A reader attaching to a corrupt or foreign segment refuses with a clear
// error instead of reading out of bounds.
import Foundation
import Testing
import CFrameBusAtomics
@testable import FrameBus

extension PosixSegments {
    @Suite struct HeaderValidation {
        let config = FrameBusConfiguration(maxWidth: 32, maxHeight: 16, slotCount: 3, eventCapacity: 64)

        /// Corrupts one header field of a live segment, tries to attach, restores.
        func refusal(_ bus: FrameBus, _ offset: Int, _ value: UInt64, wide: Bool = true) -> FrameBusError? {
            let p = bus.storage.baseAddress + offset
            let saved = wide ? fb_load64_relaxed(p) : UInt64(fb_load32_relaxed(p))
            if wide { fb_store64_relaxed(p, value) } else { fb_store32_relaxed(p, UInt32(truncatingIfNeeded: value)) }
            defer { if wide { fb_store64_relaxed(p, saved) } else { fb_store32_relaxed(p, UInt32(saved)) } }
            do {
                _ = try FrameBus.attach(bus.name!)
                return nil
            } catch {
                return error as? FrameBusError
            }
        }

        @Test func corruptHeadersAreRefusedWithTheReason() throws {
            let bus = try FrameBus.create(config, channel: 20)
            let cases: [(Int, UInt64, Bool, FrameBusError.Kind, String)] = [
                (HeaderField.magic, 0x1234, true, .badHeader, "wrong magic"),
                (HeaderField.magic, 0, true, .notReady, "not initialised"),
                (HeaderField.version, 2, false, .badHeader, "layout version 2"),
                (HeaderField.headerBytes, 64, false, .badHeader, "header size 64"),
                (HeaderField.slotCount, 0, false, .badHeader, "slot count 0"),
                (HeaderField.slotCount, 1000, false, .badHeader, "slot count 1000"),
                (HeaderField.maxWidth, 100_000, false, .badHeader, "maximum frame size"),
                (HeaderField.slotCapacity, 1 << 40, true, .badHeader, "slot capacity"),
                (HeaderField.slotStride, UInt64.max - 63, true, .badHeader, "slot stride"),
                (HeaderField.slotsOffset, 1 << 30, true, .badHeader, "outside the"),
                (HeaderField.eventsOffset, 8, true, .badHeader, "overlaps the header"),
                (HeaderField.eventCapacity, 100, false, .badHeader, "event queue of 100 cells"),
                (HeaderField.segmentBytes, 1 << 40, true, .badHeader, "declared segment size"),
                (HeaderField.writerPid, 1, false, .badHeader, "name says pid"),
            ]
            for (offset, value, wide, kind, words) in cases {
                let error = refusal(bus, offset, value, wide: wide)
                #expect(error?.kind == kind, "offset \(offset) = \(value)")
                #expect(error?.description.contains(words) == true, "\(error?.description ?? "attached")")
                #expect(error?.description.contains(bus.name!.description) == true)
            }
            // Restored: attaching works again.
            #expect(try FrameBus.attach(bus.name!).writerStatus == .live)
        }

        /// Creates a raw segment with `bytes` as content and `mode`.
        func rawSegment(_ name: SegmentName, _ bytes: [UInt8], mode: mode_t = 0o600) throws {
            let fd = shm_open(name.description, O_CREAT | O_EXCL | O_RDWR, mode)
            try #require(fd >= 0)
            defer { close(fd) }
            fchmod(fd, mode)
            #expect(bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count)
        }

        @Test func truncatedAndLooselyPermittedSegmentsAreRefused() throws {
            let tiny = SegmentName.current(channel: 21)
            try rawSegment(tiny, [UInt8](repeating: 0x54, count: 100))
            defer { shm_unlink(tiny.description) }
            #expect { try FrameBus.attach(tiny) } throws: {
                let e = $0 as? FrameBusError
                return e?.kind == .badHeader && e?.message.contains("smaller than the 384-byte header") == true
            }
            let empty = SegmentName.current(channel: 22)
            try rawSegment(empty, [])
            defer { shm_unlink(empty.description) }
            #expect { try FrameBus.attach(empty) } throws: { ($0 as? FrameBusError)?.kind == .badHeader }

            // A valid header in a segment that other users may write is still refused.
            let bus = try FrameBus.create(config, channel: 23)
            let copy = [UInt8](UnsafeRawBufferPointer(start: bus.storage.baseAddress, count: bus.storage.byteCount))
            let open = SegmentName.current(channel: 24)
            try rawSegment(open, copy, mode: 0o666)
            defer { shm_unlink(open.description) }
            #expect { try FrameBus.attach(open) } throws: {
                let e = $0 as? FrameBusError
                return e?.kind == .foreignOwner && e?.message.contains("0666") == true
            }
            // A header whose sizes exceed a shorter mapping: the slots would run past the end.
            let short = SegmentName.current(channel: 25)
            var clipped = Array(copy[0..<(copy.count - 4096)])
            // Make the header's pid match the name so only the size is wrong.
            clipped.withUnsafeMutableBytes { fb_store32_relaxed($0.baseAddress! + HeaderField.writerPid, UInt32(getpid())) }
            try rawSegment(short, clipped)
            defer { shm_unlink(short.description) }
            #expect { try FrameBus.attach(short) } throws: {
                let e = $0 as? FrameBusError
                return e?.kind == .badHeader && e?.message.contains("run past the") == true
            }
            // Listing reports such segments as invalid without removing them (our pid lives).
            let listed = SegmentDirectory.list().first { $0.name == short }
            #expect(listed.map { if case .invalid = $0.status { true } else { false } } == true)
            #expect(listed?.reclaimable == false)
        }

        @Test func randomlyCorruptedHeadersNeverLeadOutsideTheMapping() throws {
            let layout = try BusLayout(config)
            let storage = try AnonymousStorage(byteCount: layout.segmentBytes)
            let pristine = try FrameBus(creatingIn: storage, layout: layout)
            try pristine.frames.publish([UInt8](repeating: 1, count: 32 * 16 * 4), width: 32, height: 16)
            let header = [UInt8](UnsafeRawBufferPointer(start: storage.baseAddress, count: 512))
            var rng = SystemRandomNumberGenerator()
            var accepted = 0
            for _ in 0..<3000 {
                let target = try AnonymousStorage(byteCount: layout.segmentBytes)
                header.withUnsafeBytes { target.baseAddress.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    target.baseAddress.storeBytes(of: UInt8.random(in: 0...255, using: &rng),
                                                  toByteOffset: Int.random(in: 0..<512, using: &rng), as: UInt8.self)
                }
                guard let l = try? BusLayout(validatingHeaderAt: target.baseAddress, mappedBytes: target.byteCount) else { continue }
                accepted += 1
                #expect(l.slotsOffset + l.slotStride * l.slotCount <= target.byteCount)
                #expect(l.eventsOffset + l.eventCapacity * 64 <= l.slotsOffset)
                #expect(l.slotCapacity <= l.slotStride)
                // Reading frames and events through whatever survived must not crash.
                let ring = FrameRing(storage: target, layout: l, canWrite: false)
                if let got = ring.read({ Int($0.bytes.count) }) {
                    #expect(got.result == got.info.byteCount && got.result <= l.slotCapacity)
                }
                _ = EventQueue(storage: target, layout: l).drain(limit: 100)
            }
            #expect(accepted > 0)
        }

        @Test func aCorruptSlotDescriptorIsNotHandedOut() throws {
            let bus = try FrameBus.inProcess(config)
            try bus.frames.publish([UInt8](repeating: 1, count: 32 * 16 * 4), width: 32, height: 16)
            let d = bus.storage.baseAddress + BusLayout.headerBytes + 1 * BusLayout.descriptorBytes
            for (field, value) in [(SlotField.width, UInt32(60_000)), (SlotField.stride, 16), (SlotField.format, 77)] {
                let saved = fb_load32_relaxed(d + field)
                fb_store32_relaxed(d + field, value)
                var buffer: [UInt8] = []
                #expect(bus.frames.copyLatest(into: &buffer) == nil)
                fb_store32_relaxed(d + field, saved)
            }
            #expect(bus.frames.readStatistics.invalidFrames == 3)
            var buffer: [UInt8] = []
            #expect(bus.frames.copyLatest(into: &buffer)?.frameNumber == 1)
        }
    }
}
