import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Replacing a file all at once: the bytes go to a temporary file in the same folder, are
/// flushed to the disk, and the temporary file is renamed over the target. A crash or a full
/// disk leaves either the old file or the new one, never a half-written one, and a failed
/// write removes its temporary file. A process killed mid-write cannot remove its own, so the
/// next write to the same path removes the temporary files of processes that no longer run.
///
/// ```swift
/// try AtomicFile.write(bytes, to: "model.plexus")
/// ```
enum AtomicFile {
    /// Writes `bytes` to `path`, replacing any file there atomically.
    /// - Throws: ``DataError`` (kind `.ioFailure`) naming the file and the system's reason.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let folder = path.folderPath
        removeAbandonedTemporaries(of: path)
        var generator = SystemRandomNumberGenerator()
        let temporary = "\(folder)/\(temporaryPrefix(of: path))\(getpid())-\(String(generator.next() & 0xFFFF_FFFF, radix: 36))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            let reason = code == ENOENT ? "the folder \(folder) does not exist" : String(cString: strerror(code))
            throw DataError(.ioFailure, file: path, "\(path): cannot write the file (\(reason))")
        }
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        do {
            defer { close(descriptor) }
            try bytes.withUnsafeBytes { buffer in
                var written = 0
                while written < buffer.count {
                    let result = Glue.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                    if result < 0 {
                        if errno == EINTR { continue }
                        throw FileBytes.systemError(errno, label: path, doing: "write")
                    }
                    written += result
                }
            }
            guard fsync(descriptor) == 0 else { throw FileBytes.systemError(errno, label: path, doing: "flush") }
        }
        guard rename(temporary, path) == 0 else { throw FileBytes.systemError(errno, label: path, doing: "replace") }
        succeeded = true
        // Make the rename itself durable; a folder that cannot be opened or synced is no failure.
        let folderDescriptor = open(folder, O_RDONLY)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }
}

extension AtomicFile {
    /// The start of the names of `path`'s temporary files, which go on with the writer's
    /// process id: `.model.plexus.tmp-`.
    static func temporaryPrefix(of path: String) -> String { ".\(path.lastPathComponent).tmp-" }

    /// Deletes the temporary files of earlier writes to `path` whose process is gone (killed
    /// mid-write); those of running processes, which may still be writing, stay.
    static func removeAbandonedTemporaries(of path: String) {
        let folder = path.folderPath, prefix = temporaryPrefix(of: path)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let writer = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }) else { continue }
            if kill(writer, 0) != 0 && errno == ESRCH { unlink("\(folder)/\(name)") }
        }
    }
}

extension String {
    /// The folder part of a path (`"a/b/c.npy"` → `"a/b"`, `"c.npy"` → `"."`, `"/c"` → `"/"`).
    var folderPath: String {
        guard let slash = lastIndex(of: "/") else { return "." }
        if slash == startIndex { return "/" }
        return String(self[..<slash])
    }
}
