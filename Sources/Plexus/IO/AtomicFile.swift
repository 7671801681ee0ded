import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writing a file the way a user means it.
///
/// A regular file (or a path where nothing is yet) is replaced all at once: the bytes go to a
/// temporary file in the same folder, are flushed to the disk, and the temporary file is
/// renamed over the target. A crash or a full disk leaves either the old file or the new one,
/// never a half-written one, and a failed write removes its temporary file. A process killed
/// mid-write cannot remove its own, so the next write to the same path removes the temporary
/// files of processes that no longer run.
///
/// A symbolic link is followed and its target replaced that way; the link stays. A character
/// device or a FIFO (`/dev/null`, a named pipe) is written straight through, as is an open
/// descriptor named by `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` or `/proc/self/fd/N`: a
/// rename there would replace the device, the pipe or the link instead of writing to it.
///
/// ```swift
/// try AtomicFile.write(bytes, to: "model.plexus")
/// try AtomicFile.write(bytes, to: "/dev/stdout")
/// ```
package enum AtomicFile {
    /// Writes `bytes` to `path` (see ``AtomicFile``).
    /// - Throws: ``DataError`` (kind `.ioFailure`) naming the file and the system's reason.
    package static func write(_ bytes: [UInt8], to path: String) throws {
        switch try Destination(path) {
        case .descriptor(let descriptor):
            // Keep the order of what `print` has buffered for the same descriptor.
            if descriptor == 1 { fflush(nil) }
            try writeAll(bytes, to: descriptor, label: path)
        case .stream:
            let descriptor = open(path, O_WRONLY | O_NOCTTY)
            guard descriptor >= 0 else { throw FileBytes.systemError(errno, label: path, doing: "open") }
            defer { close(descriptor) }
            try writeAll(bytes, to: descriptor, label: path)
        case .file(let target):
            try replace(target, with: bytes, label: path)
        }
    }

    /// Where a write to a path goes.
    enum Destination: Equatable {
        /// An open descriptor, written at its current offset.
        case descriptor(Int32)
        /// A character device or FIFO, opened and written.
        case stream
        /// A regular file or nothing yet, replaced atomically: the path itself, or the final
        /// target of a symbolic link.
        case file(String)

        /// The destination of `path`.
        /// - Throws: ``DataError`` when `path` is a folder or another thing that cannot be
        ///   written (a socket, a block device), or its links loop.
        init(_ path: String) throws {
            guard !path.isEmpty else { throw DataError(.ioFailure, file: path, "cannot write to an empty path") }
            if let descriptor = Destination.descriptorNumber(in: path) {
                guard fcntl(descriptor, F_GETFD) >= 0 else {
                    throw DataError(.ioFailure, file: path, "\(path): cannot write there (descriptor \(descriptor) is not open)")
                }
                self = .descriptor(descriptor)
                return
            }
            var target = path
            for _ in 0..<40 {
                var status = stat()
                guard lstat(target, &status) == 0 else {
                    let code = errno
                    guard code == ENOENT else { throw FileBytes.systemError(code, label: path, doing: "write") }
                    self = .file(target)
                    return
                }
                switch status.st_mode & S_IFMT {
                case S_IFLNK:
                    target = try Destination.linkTarget(of: target, label: path)
                case S_IFREG:
                    self = .file(target)
                    return
                case S_IFCHR, S_IFIFO:
                    self = .stream
                    return
                case S_IFDIR:
                    throw DataError(.ioFailure, file: path, "\(path): is a folder, not a file")
                default:
                    throw DataError(
                        .ioFailure, file: path, "\(path): cannot write there (not a regular file, a character device or a FIFO)")
                }
            }
            throw FileBytes.systemError(ELOOP, label: path, doing: "write")
        }

        /// The descriptor that `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` or `/proc/self/fd/N` name.
        static func descriptorNumber(in path: String) -> Int32? {
            switch path {
            case "/dev/stdout": return 1
            case "/dev/stderr": return 2
            default:
                for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                    return Int32(path.dropFirst(prefix.count))
                }
                return nil
            }
        }

        /// Where the symbolic link `link` points, as a path (relative targets are taken from the link's folder).
        static func linkTarget(of link: String, label: String) throws -> String {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(link, &buffer, buffer.count - 1)
            guard length >= 0 else { throw FileBytes.systemError(errno, label: label, doing: "follow the link to") }
            let target = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return target.hasPrefix("/") ? target : "\(link.folderPath)/\(target)"
        }
    }

    /// Writes all of `bytes` to an open descriptor, going on after short writes and interruptions.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32, label: String) throws {
        let code = bytes.withUnsafeBytes { Glue.writeAll(descriptor, $0) }
        if code != 0 { throw FileBytes.systemError(code, label: label, doing: "write") }
    }

    /// Replaces the regular file `path` (or creates it) atomically; `label` names it in errors.
    static func replace(_ path: String, with bytes: [UInt8], label: String) throws {
        let folder = path.folderPath
        removeAbandonedTemporaries(of: path)
        var generator = SystemRandomNumberGenerator()
        let temporary = "\(folder)/\(temporaryPrefix(of: path))\(getpid())-\(String(generator.next() & 0xFFFF_FFFF, radix: 36))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            let reason = code == ENOENT ? "the folder \(folder) does not exist" : String(cString: strerror(code))
            throw DataError(.ioFailure, file: label, "\(label): cannot write the file (\(reason))")
        }
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        do {
            defer { close(descriptor) }
            // A replaced file keeps its permissions.
            var existing = stat()
            if stat(path, &existing) == 0 { _ = fchmod(descriptor, existing.st_mode & 0o7777) }
            try writeAll(bytes, to: descriptor, label: label)
            guard fsync(descriptor) == 0 else { throw FileBytes.systemError(errno, label: label, doing: "flush") }
        }
        guard rename(temporary, path) == 0 else { throw FileBytes.systemError(errno, label: label, doing: "replace") }
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
