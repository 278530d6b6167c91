// FrameBus across real processes: framebus-probe runs as a separate writer,
// reader or event producer (and as another user, via setpriv, when root).
import Foundation
import Testing
@testable import FrameBus
import FrameBusProbeSupport

extension PosixSegments {
    @Suite struct MultiProcess {
        /// Reads frames from `bus` until frame `total` was seen, verifying each.
        func readAll(_ bus: FrameBus, until total: UInt64, zeroCopy: Bool)
            -> (received: Int, bad: Int, nonIncreasing: Int, last: UInt64) {
            var last: UInt64 = 0, received = 0, bad = 0, nonIncreasing = 0
            var buffer: [UInt8] = []
            while last < total {
                guard case .frame = bus.frames.wait(newerThan: last, timeout: .seconds(30)) else {
                    Issue.record("no frame after \(last) within 30 s")
                    break
                }
                let got: (info: FrameInfo, result: UInt64?)?
                if zeroCopy {
                    got = bus.frames.read(newerThan: last) { FramePattern.verify($0.bytes) }
                } else {
                    got = bus.frames.copyLatest(newerThan: last, into: &buffer).map { info in
                        (info, buffer.withUnsafeBytes { FramePattern.verify($0) })
                    }
                }
                guard let got else { continue }
                if got.info.frameNumber <= last { nonIncreasing += 1 }
                if got.result != got.info.frameNumber { bad += 1 }
                last = got.info.frameNumber
                received += 1
            }
            return (received, bad, nonIncreasing, last)
        }

        @Test func aFullSpeedWriterProcessNeverHandsOutATornFrame() throws {
            let writer = try ProbeProcess(["create", "--width", "128", "--height", "128", "--slots", "3",
                                           "--frames", "20000", "--mode", "inplace", "--channel", "30", "--hold"])
            let name = try #require(writer.expectLine("READY"))
            let bus = try FrameBus.attach(name)
            // Checksums computed in place, then validated: the slow body lets the
            // writer lap the reader now and then.
            let r = readAll(bus, until: 20000, zeroCopy: true)
            #expect(writer.expectLine("PUBLISHED") == "20000")
            writer.closeInput()
            #expect(writer.waitForExit() == 0)
            #expect(r.bad == 0)
            #expect(r.nonIncreasing == 0)
            #expect(r.last == 20000)
            #expect(r.received >= 1000, "checked \(r.received) frames")
            #expect(!segmentExists(name))
        }

        @Test func tornReadsOfASingleSlotAreDetectedAndRetried() throws {
            // One slot: the writer process overwrites the frame being read, so
            // reads do collide; every collision must be caught.
            let writer = try ProbeProcess(["create", "--width", "128", "--height", "128", "--slots", "1",
                                           "--frames", "20000", "--mode", "copy", "--channel", "31", "--hold"])
            let name = try #require(writer.expectLine("READY"))
            let bus = try FrameBus.attach(name)
            let r = readAll(bus, until: 20000, zeroCopy: false)
            writer.closeInput()
            #expect(writer.waitForExit() == 0)
            #expect(r.bad == 0)
            #expect(r.nonIncreasing == 0)
            #expect(r.received >= 1000, "checked \(r.received) frames")
            #expect(bus.frames.readStatistics.retriedReads > 0)
        }

        @Test func aReaderProcessReadingInPlaceSeesOnlyWholeFrames() throws {
            let pattern = FramePattern(width: 96, height: 64)
            let bus = try FrameBus.create(FrameBusConfiguration(maxWidth: 96, maxHeight: 64, eventCapacity: 64), channel: 32)
            let reader = try ProbeProcess(["read", bus.name!.description, "--frames", "2000", "--zero-copy"])
            #expect(reader.expectLine("ATTACHED") == "live")
            var done = false
            let finished = Locked<String?>(nil)
            let watcher = Thread { finished.withLock { $0 = reader.expectLine("READ") } }
            watcher.start()
            while !done {
                for _ in 0..<50 {
                    try bus.frames.withNextSlot(width: 96, height: 64) { [n = bus.frames.latestFrameNumber + 1] in
                        pattern.write(frame: n, into: $0)
                    }
                }
                done = watcher.isFinished || bus.frames.latestFrameNumber > 2_000_000
            }
            let report = fields(finished.withLock { $0 })
            #expect(reader.waitForExit() == 0)
            #expect(report["received"] == "2000")
            #expect(report["bad"] == "0")
            #expect(report["mismatched"] == "0")
            // The reader went away; the segment did not.
            #expect(segmentExists(bus.name!.description))
        }

        @Test func readerProcessesExitingOrKilledNeverRemoveTheSegment() throws {
            let bus = try FrameBus.create(FrameBusConfiguration(maxWidth: 8, maxHeight: 8, eventCapacity: 64), channel: 33)
            let name = bus.name!.description
            let pattern = FramePattern(width: 8, height: 8)
            func publish() throws {
                try bus.frames.withNextSlot(width: 8, height: 8) { [n = bus.frames.latestFrameNumber + 1] in
                    pattern.write(frame: n, into: $0)
                }
            }
            try publish()
            let polite = try ProbeProcess(["read", name, "--frames", "1"])
            #expect(fields(polite.expectLine("READ"))["bad"] == "0")
            #expect(polite.waitForExit() == 0)
            #expect(segmentExists(name))

            let killed = try ProbeProcess(["read", name, "--frames", "1000000", "--timeout-ms", "60000"])
            #expect(killed.expectLine("ATTACHED") == "live")
            try publish()
            usleep(50_000)
            killed.kill9()
            #expect(segmentExists(name))
            try publish()
            let later = try FrameBus.attach(name)
            #expect(later.frames.latestFrameNumber == 3)
            #expect(SegmentDirectory.inspect(bus.name!)?.status == .live)
        }

        @Test func eventsFromTwoProducerProcessesArriveInOrderPerProducer() throws {
            let bus = try FrameBus.create(FrameBusConfiguration(maxWidth: 4, maxHeight: 4, eventCapacity: 256), channel: 34)
            let count = 20000, every = 4
            let producers = try (1...2).map {
                try ProbeProcess(["push", bus.name!.description, "--count", "\(count)", "--source", "\($0)",
                                  "--clicks-every", "\(every)"])
            }
            var next: [UInt32: Int] = [1: -1, 2: -1]
            var clicks: [UInt32: Int] = [1: 0, 2: 0]
            var moves = 0, outOfOrder = 0, foreign = 0
            while producers.contains(where: { $0.process.isRunning }) || bus.events.pendingCount > 0 {
                guard let e = bus.events.pop() else {
                    _ = bus.events.wait(timeout: .milliseconds(20))
                    continue
                }
                guard let previous = next[e.source] else { foreign += 1; continue }
                if Int(e.serial) <= previous { outOfOrder += 1 }
                next[e.source] = Int(e.serial)
                if e.kind == .pointerDown {
                    clicks[e.source, default: 0] += 1
                    if Int(e.serial) % every != 0 { outOfOrder += 1 }
                } else {
                    moves += 1
                }
            }
            let reports = producers.map { fields($0.expectLine("PUSHED")) }
            for p in producers { #expect(p.waitForExit() == 0) }
            let stats = bus.events.statistics
            #expect(outOfOrder == 0)
            #expect(foreign == 0)
            // Every click arrived, from both producers.
            #expect(clicks == [1: count / every, 2: count / every])
            // Every move arrived or is accounted for (evicted or refused and counted).
            let movesSent = 2 * (count - count / every)
            let refused = reports.compactMap { $0["movesDropped"].flatMap(Int.init) }.reduce(0, +)
            #expect(moves + Int(stats.evictedMoves) + refused == movesSent)
            #expect(Int(stats.droppedMoves) == refused)
            let retries = reports.compactMap { $0["clickRetries"].flatMap(Int.init) }.reduce(0, +)
            #expect(Int(stats.droppedEvents) == retries)
            #expect(stats.abandonedEvents == 0)
        }

        @Test func killingTheWriterLeavesAStaleSegmentThatIsDetectedAndReclaimed() throws {
            let writer = try ProbeProcess(["create", "--frames", "10", "--channel", "35", "--hold"])
            let name = try SegmentName(parsing: try #require(writer.expectLine("READY")))
            #expect(writer.expectLine("PUBLISHED") == "10")
            let reader = try FrameBus.attach(name)
            #expect(reader.writerStatus == .live)
            #expect(SegmentDirectory.inspect(name)?.status == .live)

            writer.kill9()
            #expect(segmentExists(name.description))
            #expect(reader.writerStatus == .gone)
            #expect(reader.frames.wait(newerThan: 10, timeout: .milliseconds(100)) == .timedOut)
            var buffer: [UInt8] = []
            #expect(reader.frames.copyLatest(into: &buffer)?.frameNumber == 10)
            let info = try #require(SegmentDirectory.inspect(name))
            #expect(info.status == .stale)
            #expect(info.reclaimable)
            #expect(SegmentDirectory.list().contains { $0.name == name && $0.status == .stale })
            // Discovery never offers a stale segment.
            #expect((try? FrameBus.attachNewest())?.name != name)

            // The next creator reclaims it.
            let next = try FrameBus.create(FrameBusConfiguration(maxWidth: 4, maxHeight: 4, eventCapacity: 64), channel: 36)
            #expect(!segmentExists(name.description))
            #expect(next.writerStatus == .live)
            // The old reader's mapping is still valid memory.
            #expect(reader.frames.latestFrameNumber == 10)
        }

        @Test func tangleShmListsAndCleansStaleSegments() throws {
            // Other tests running in parallel create buses, and every creator
            // reclaims the user's stale segments: when ours vanishes before
            // `tangle shm` looked at it, run the scenario again (at most 5 times).
            var checked = false
            for _ in 0..<5 where !checked {
                let writer = try ProbeProcess(["create", "--frames", "3", "--channel", "37", "--hold"])
                let name = try #require(writer.expectLine("READY"))
                #expect(writer.expectLine("PUBLISHED") == "3")
                let live = try runTangle(["shm", "list"])
                #expect(live.contains { $0.hasPrefix(name) && $0.contains("live") })
                writer.kill9()
                let stale = try runTangle(["shm", "list", "--json"])
                let cleaned = try runTangle(["shm", "clean"])
                let listed = stale.contains { $0.contains("\"name\":\"\(name)\"") && $0.contains("\"state\":\"stale\"") }
                let removed = cleaned.contains { $0.hasPrefix("removed \(name) (stale") }
                if !removed && !segmentExists(name) { continue }  // reclaimed by a parallel creator
                #expect(listed)
                #expect(removed)
                #expect(!segmentExists(name))
                checked = true
            }
            #expect(checked, "a parallel creator reclaimed the stale segment every time")
            let again = try runTangle(["shm", "clean"])
            #expect(again == ["no stale FrameBus segments"] || again.allSatisfy { $0.hasPrefix("removed ") })
        }

        func runTangle(_ args: [String]) throws -> [String] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: ProbeProcess.probePath).deletingLastPathComponent()
                .appendingPathComponent("tangle")
            p.arguments = args
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        }
    }
}

extension PosixSegments {
    /// Needs root to run a probe as another user (uid 65534) with setpriv.
    @Suite(.enabled(if: geteuid() == 0, "running a second user needs root"))
    struct OtherUser {
        @Test func anotherUserCannotAttachToOurSegment() throws {
            let bus = try FrameBus.create(FrameBusConfiguration(maxWidth: 4, maxHeight: 4, eventCapacity: 64), channel: 40)
            let intruder = try ProbeProcess(["attach", bus.name!.description], asNobody: true)
            let line = intruder.expectLine("REFUSED")
            #expect(line?.hasPrefix("permissionDenied") == true, "\(line ?? "no answer")")
            #expect(intruder.waitForExit() == 3)
            #expect(segmentExists(bus.name!.description))
        }

        @Test func weNeverAttachToOrCleanAnotherUsersSegment() throws {
            let theirs = try ProbeProcess(["create", "--frames", "2", "--hold"], asNobody: true)
            let name = try SegmentName(parsing: try #require(theirs.expectLine("READY")))
            #expect(name.uid == 65534)
            #expect(theirs.expectLine("PUBLISHED") == "2")
            // Root could open it, but FrameBus refuses: it belongs to someone else.
            #expect { try FrameBus.attach(name) } throws: { ($0 as? FrameBusError)?.kind == .foreignOwner }
            #expect(!SegmentDirectory.list().contains { $0.name == name })
            #expect(SegmentDirectory.list(allUsers: true).first { $0.name == name }?.status == .otherUser)
            #expect((try? FrameBus.attachNewest())?.name != name)

            // Even stale, it is theirs to reclaim, not ours.
            theirs.kill9()
            #expect(SegmentDirectory.removeStale().allSatisfy { $0.name != name })
            #expect(segmentExists(name.description))
            shm_unlink(name.description)
        }
    }
}
