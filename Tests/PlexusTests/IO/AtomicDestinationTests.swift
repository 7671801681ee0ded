import Foundation
import Testing

@testable import Plexus

/// Where `AtomicFile.write` writes: regular files atomically, links' targets, devices and
/// FIFOs straight through.
@Suite struct AtomicDestinationTests {
    func kind(_ path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : 0
    }

    @Test func aDeviceIsWrittenThroughNotReplaced() throws {
        try AtomicFile.write(Array("ignored".utf8), to: "/dev/null")
        #expect(kind("/dev/null") == S_IFCHR)
        #expect(try AtomicFile.Destination("/dev/null") == .stream)
        #expect(try AtomicFile.Destination("/dev/stdout") == .descriptor(1))
        #expect(try AtomicFile.Destination("/proc/self/fd/2") == .descriptor(2))
    }

    @Test func aFullDeviceIsAnIOFailure() throws {
        let error = #expect(throws: DataError.self) {
            try AtomicFile.write([UInt8](repeating: 1, count: 100), to: "/dev/full")
        }
        #expect(error?.kind == .ioFailure && error?.description.contains("/dev/full") == true)
    }

    @Test func aFIFOIsWrittenThrough() throws {
        let folder = try IOTestSupport.folder()
        let fifo = folder + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = UncheckedBox<Data>()
        let reader = Thread { received.value = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data() }
        reader.start()
        let bytes = (0..<200_000).map { UInt8($0 % 251) }
        try AtomicFile.write(bytes, to: fifo)
        while received.value == nil { usleep(1000) }
        #expect(received.value == Data(bytes))
        #expect(kind(fifo) == S_IFIFO)
    }

    @Test func aLinkKeepsItselfAndItsTargetIsReplaced() throws {
        let folder = try IOTestSupport.folder()
        try FileManager.default.createDirectory(atPath: folder + "/real", withIntermediateDirectories: true)
        try "old".write(toFile: folder + "/real/model.bin", atomically: false, encoding: .utf8)
        #expect(chmod(folder + "/real/model.bin", 0o640) == 0)
        // A chain: an absolute link to a relative one.
        #expect(symlink("real/model.bin", folder + "/relative") == 0)
        #expect(symlink(folder + "/relative", folder + "/absolute") == 0)
        try AtomicFile.write(Array("new".utf8), to: folder + "/absolute")
        #expect(kind(folder + "/absolute") == S_IFLNK && kind(folder + "/relative") == S_IFLNK)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/relative") == "real/model.bin")
        #expect(try String(contentsOfFile: folder + "/real/model.bin", encoding: .utf8) == "new")
        var status = stat()
        #expect(stat(folder + "/real/model.bin", &status) == 0 && status.st_mode & 0o777 == 0o640)
        // No temporary file is left beside the target or the links.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/real") == ["model.bin"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["absolute", "real", "relative"])
    }

    @Test func aDanglingLinkGetsItsTargetMade() throws {
        let folder = try IOTestSupport.folder()
        #expect(symlink("made.csv", folder + "/link.csv") == 0)
        try AtomicFile.write(Array("1,2\n".utf8), to: folder + "/link.csv")
        #expect(kind(folder + "/link.csv") == S_IFLNK)
        #expect(try String(contentsOfFile: folder + "/made.csv", encoding: .utf8) == "1,2\n")
    }

    @Test func aFolderOrALinkLoopIsAnError() throws {
        let folder = try IOTestSupport.folder()
        #expect(throws: DataError.self) { try AtomicFile.write([1], to: folder) }
        #expect(throws: DataError.self) { try AtomicFile.write([1], to: "") }
        #expect(symlink(folder + "/b", folder + "/a") == 0 && symlink(folder + "/a", folder + "/b") == 0)
        #expect(throws: DataError.self) { try AtomicFile.write([1], to: folder + "/a") }
        #expect(kind(folder + "/a") == S_IFLNK && kind(folder + "/b") == S_IFLNK)
    }
}
