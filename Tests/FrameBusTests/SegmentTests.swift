// POSIX segments in one process: names, modes, lifecycle, discovery and
// refusing bad headers. Every test that touches /dev/shm lives under
// PosixSegments, which runs serially so one test's stale segment is not
// reclaimed by another's create() halfway through.
import Foundation
import Testing
import CFrameBusAtomics
@testable import FrameBus

@Suite(.serialized) enum PosixSegments {}

extension PosixSegments {
    @Suite struct Lifecycle {
        let small = FrameBusConfiguration(maxWidth: 16, maxHeight: 16, slotCount: 3, eventCapacity: 64)

        @Test func namesCarryTheUserAndPidAndAreParsedStrictly() throws {
            let name = SegmentName.current()
            #expect(name.description.hasPrefix("/tangle-\(geteuid())-\(getpid())-r"))
            #expect(name.description.count == "/tangle-\(geteuid())-\(getpid())-r".count + 16)
            #expect(try SegmentName(parsing: name.description) == name)
            #expect(SegmentName.current().nonce != name.nonce)
            #expect(try SegmentName(parsing: "/tangle-1000-4242-7-r00000000000000ff")
                    == SegmentName(uid: 1000, pid: 4242, channel: 7, nonce: 255))
            #expect(try SegmentName(parsing: "/tangle-1000-4242-7") == SegmentName(uid: 1000, pid: 4242, channel: 7))
            #expect(try SegmentName(parsing: "tangle-0-1") == SegmentName(uid: 0, pid: 1))
            for bad in ["/tangle-1000", "/tangle-x-1", "/tangle-1-0", "/tangle-1-2-3-4", "/other-1-2",
                        "/tangle-1-2/../x", "/tangle--2", "/tangle-1-99999999999", "/tangle-1-2-rXYZ",
                        "/tangle-1-2-r00000000000000FF", "/tangle-1-2-r0123"] {
                #expect { try SegmentName(parsing: bad) } throws: { ($0 as? FrameBusError)?.kind == .badName }
            }
        }

        @Test func theCreatorMakesAPrivateSegmentAndAloneUnlinksIt() throws {
            let creator = try FrameBus.create(small, channel: 11)
            let name = try #require(creator.name).description
            #expect(name.hasPrefix("/tangle-\(geteuid())-\(getpid())-11-r"))
            var st = stat()
            #expect(stat("/dev/shm" + name, &st) == 0)
            #expect(st.st_mode & 0o777 == 0o600)
            #expect(st.st_uid == geteuid())

            // A reader that goes away leaves the segment in place.
            do {
                let reader = try FrameBus.attach(name)
                #expect(reader.role == .reader)
                #expect(reader.writerStatus == .live)
                reader.close()
            }
            #expect(segmentExists(name))
            try creator.frames.publish([UInt8](repeating: 3, count: 16 * 16 * 4), width: 16, height: 16)
            let again = try FrameBus.attach(name)
            var buffer: [UInt8] = []
            #expect(again.frames.copyLatest(into: &buffer)?.frameNumber == 1)

            creator.close()
            #expect(!segmentExists(name))
            // Readers still mapped keep working and see that the writer closed.
            #expect(again.writerStatus == .closed)
            #expect(again.frames.wait(newerThan: 1, timeout: .seconds(5)) == .writerClosed)
            #expect(again.frames.copyLatest(into: &buffer)?.frameNumber == 1)
            #expect { try FrameBus.attach(name) } throws: { ($0 as? FrameBusError)?.kind == .noSuchSegment }
        }

        @Test func droppingTheCreatorUnlinksTheSegment() throws {
            var name = ""
            do {
                let creator = try FrameBus.create(small, channel: 12)
                name = creator.name!.description
                #expect(segmentExists(name))
            }
            #expect(!segmentExists(name))
        }

        @Test func onlyTheCreatorPublishes() throws {
            let creator = try FrameBus.create(small, channel: 13)
            let reader = try FrameBus.attach(creator.name!)
            #expect { try reader.frames.publish([UInt8](repeating: 0, count: 64), width: 4, height: 4) } throws: {
                ($0 as? FrameBusError)?.kind == .notWriter
            }
            // Readers do push events, which the creator consumes.
            #expect(reader.events.push(InteractionEvent(kind: .keyDown, keyCode: 113)) == .queued)
            #expect(creator.events.pop()?.keyCode == 113)
        }

        @Test func aSecondBusOnTheSameChannelGetsANameOfItsOwn() throws {
            let first = try FrameBus.create(small, channel: 14)
            let second = try FrameBus.create(small, channel: 14)
            #expect(first.name != second.name)
            #expect(first.writerStatus == .live && second.writerStatus == .live)
            #expect(segmentExists(first.name!.description) && segmentExists(second.name!.description))
        }

        @Test func aSquattedNameIsSteppedAround() throws {
            // Another user (uid 65534) holds the name this process would take first.
            let squatted = SegmentName(uid: UInt32(geteuid()), pid: getpid(), channel: 19, nonce: 0xdead)
            let fd = shm_open(squatted.description, O_CREAT | O_EXCL | O_RDWR, 0o644)
            try #require(fd >= 0)
            defer { shm_unlink(squatted.description) }
            if geteuid() == 0 { #expect(fchown(fd, 65534, 65534) == 0) }
            close(fd)
            var names = [squatted, SegmentName(uid: UInt32(geteuid()), pid: getpid(), channel: 19, nonce: 0xbeef)]
            let bus = try FrameBus.create(small, names: { names.removeFirst() })
            #expect(bus.name?.nonce == 0xbeef)
            #expect(bus.writerStatus == .live)
        }

        @Test func aTruncatedSegmentIsReportedNotABusError() throws {
            let bus = try FrameBus.create(small, channel: 20)
            let name = bus.name!.description
            let reader = try FrameBus.attach(name)
            try bus.frames.publish([UInt8](repeating: 7, count: 16 * 16 * 4), width: 16, height: 16)
            var buffer: [UInt8] = []
            #expect(reader.frames.copyLatest(into: &buffer) != nil)
            // Anyone who can open the segment cuts it to nothing.
            let fd = shm_open(name, O_RDWR, 0)
            try #require(fd >= 0)
            #expect(ftruncate(fd, 0) == 0)
            close(fd)
            // Both sides touch the lost pages: no SIGBUS, and both know why.
            _ = reader.frames.copyLatest(into: &buffer)
            _ = try? bus.frames.publish([UInt8](repeating: 9, count: 16 * 16 * 4), width: 16, height: 16)
            #expect(reader.truncation == "segment \(name) truncated")
            #expect(bus.truncation == "segment \(name) truncated")
            #expect(reader.writerStatus == .gone)
        }

        @Test func cleaningRemovesTheStatusFileOfAStaleSegment() throws {
            // A stale segment (its writer pid does not run) with its status file beside it.
            let stale = SegmentName(uid: UInt32(geteuid()), pid: Int32.max - 7, nonce: 0x5)
            let fd = shm_open(stale.description, O_CREAT | O_EXCL | O_RDWR, 0o600)
            try #require(fd >= 0)
            close(fd)
            let status = SegmentDirectory.path + stale.description + ".json"
            #expect(FileManager.default.createFile(atPath: status, contents: Data("{}".utf8)))
            let orphan = SegmentDirectory.path + SegmentName(uid: UInt32(geteuid()), pid: Int32.max - 8).description + ".json"
            #expect(FileManager.default.createFile(atPath: orphan, contents: Data("{}".utf8)))
            let removed = SegmentDirectory.removeStale()
            #expect(removed.contains { $0.name == stale })
            #expect(!segmentExists(stale.description))
            #expect(!FileManager.default.fileExists(atPath: status))
            #expect(!FileManager.default.fileExists(atPath: orphan))
        }

        @Test func discoveryFindsTheNewestLiveSegmentOfThisUser() throws {
            let older = try FrameBus.create(small, channel: 15)
            usleep(2000)
            let newer = try FrameBus.create(small, channel: 16)
            let found = try FrameBus.attachNewest()
            #expect(found.name == newer.name)
            #expect(found.role == .reader)
            newer.close()
            #expect(try FrameBus.attachNewest().name == older.name)
            older.close()
            #expect(SegmentDirectory.list().allSatisfy { $0.status != .live || $0.name.pid != getpid() })
        }

        @Test func listingShowsLiveSegmentsWithTheirHeader() throws {
            let bus = try FrameBus.create(small, channel: 17)
            try bus.frames.publish([UInt8](repeating: 1, count: 64), width: 4, height: 4)
            bus.events.push(InteractionEvent(kind: .keyUp))
            let info = try #require(SegmentDirectory.list().first { $0.name == bus.name })
            #expect(info.status == .live)
            #expect(!info.reclaimable)
            #expect(info.writerPid == getpid())
            #expect(info.latestFrame == 1)
            #expect(info.maxWidth == 16 && info.maxHeight == 16 && info.slotCount == 3)
            #expect(info.pendingEvents == 1)
            #expect(SegmentDirectory.removeStale().allSatisfy { $0.name != bus.name })
            #expect(segmentExists(bus.name!.description))
        }

        @Test func aSegmentWhosePidWasReusedIsStale() throws {
            // Same pid as ours, different start time: a previous process with our
            // pid wrote it. The next creator of that name reclaims it.
            let bus = try FrameBus.create(small, channel: 18)
            let base = bus.storage.baseAddress
            fb_store64_relaxed(base + HeaderField.writerStartTime, fb_load64_relaxed(base + HeaderField.writerStartTime) &+ 1)
            let reader = try FrameBus.attach(bus.name!)
            #expect(reader.writerStatus == .gone)
            #expect(SegmentDirectory.inspect(bus.name!)?.status == .stale)
            let fresh = try FrameBus.create(small, channel: 19)
            #expect(!segmentExists(bus.name!.description))
            #expect(fresh.writerStatus == .live)
        }
    }
}
