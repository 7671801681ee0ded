import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One TensorBoard event file, written record by record as training goes, so that a
/// TensorBoard watching the folder shows each epoch as it ends.
///
/// The file is named as TensorFlow names its own, `events.out.tfevents.<seconds>.<host>.<pid>.<n>.v2`,
/// and starts with the file-version event. Each record is TFRecord-framed: the data's length
/// (8 bytes, little-endian), the masked CRC-32C of those 8 bytes, the data, and the masked
/// CRC-32C of the data.
final class EventFileWriter {
    /// The event file's path.
    let path: String
    private var descriptor: Int32

    /// Creates `folder` (and its parents) when missing and a new event file in it.
    /// - Throws: ``DataError`` (kind `.ioFailure`) naming the folder or file that cannot be made.
    init(folder: String, wallTime: Double) throws {
        try EventFileWriter.makeFolders(folder)
        let stem = "events.out.tfevents.\(Int(wallTime)).\(EventFileWriter.hostName()).\(getpid())"
        var opened: (path: String, descriptor: Int32)?
        // Two writers started in the same second by one process differ in the counter.
        for counter in 0..<10_000 {
            let candidate = "\(folder)/\(stem).\(counter).v2"
            let descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_APPEND, 0o644)
            if descriptor >= 0 {
                opened = (candidate, descriptor)
                break
            }
            let code = errno
            guard code == EEXIST else { throw FileBytes.systemError(code, label: candidate, doing: "create") }
        }
        guard let opened else {
            throw DataError(.ioFailure, file: folder, "\(folder): cannot create an event file (10,000 names taken)")
        }
        (path, descriptor) = opened
        try append(TensorBoardEvent.fileVersion(wallTime: wallTime))
    }

    deinit { closeFile() }

    /// Appends one serialized `Event` as a TFRecord.
    /// - Throws: ``DataError`` (kind `.ioFailure`) when the write fails (a full disk).
    func append(_ event: [UInt8]) throws {
        guard descriptor >= 0 else { throw DataError(.ioFailure, file: path, "\(path): the event file is closed") }
        let length = withUnsafeBytes(of: UInt64(event.count).littleEndian) { Array($0) }
        var record = length
        record.reserveCapacity(event.count + 16)
        withUnsafeBytes(of: CRC32C.masked(length).littleEndian) { record.append(contentsOf: $0) }
        record.append(contentsOf: event)
        withUnsafeBytes(of: CRC32C.masked(event).littleEndian) { record.append(contentsOf: $0) }
        let code = record.withUnsafeBytes { Glue.writeAll(descriptor, $0) }
        if code != 0 { throw FileBytes.systemError(code, label: path, doing: "write") }
    }

    /// Closes the file; later appends throw.
    func closeFile() {
        if descriptor >= 0 { _ = close(descriptor) }
        descriptor = -1
    }

    /// The machine's name as `gethostname` gives it (no DNS lookup), "localhost" when it cannot.
    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let safe = name.filter { $0 != "/" }
        return safe.isEmpty ? "localhost" : safe
    }

    /// Creates `folder` and the parents it lacks (`mkdir -p`), with the system's reason when it cannot.
    static func makeFolders(_ folder: String) throws {
        var path = folder.hasPrefix("/") ? "" : "."
        for part in folder.split(separator: "/", omittingEmptySubsequences: true) {
            path += "/" + part
            if mkdir(path, 0o755) == 0 { continue }
            let code = errno
            var status = stat()
            if code == EEXIST, stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { continue }
            let reason = code == EEXIST ? "\(path) is a file, not a folder" : "\(path): \(String(cString: strerror(code)))"
            throw DataError(.ioFailure, file: folder, "\(folder): cannot create the log folder (\(reason))")
        }
    }
}
