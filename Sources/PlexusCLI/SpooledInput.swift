import Foundation
import Plexus

/// A stream given as an input file (a pipe, `/dev/stdin`, process substitution such as
/// `<(zcat data.csv.gz)`, a character device) copied once to a temporary regular file. A
/// stream can be read only once, but its format is decided from its first bytes and its
/// readers take a path; the copy serves both. The copy is capped (``byteLimit``), and binary
/// data of no known format (`/dev/zero`, `/dev/urandom`) is refused after the first block.
struct SpooledInput {
    /// The most bytes copied from a stream: beyond it, the data should be a file.
    static let byteLimit = 1 << 30

    /// The copy, a regular file named as the stream's last path component.
    let path: String
    /// The format found in the first bytes, or the one asked for.
    let format: InputFormat
    private let folder: String

    /// Copies the stream at `name`.
    /// - Throws: ``InputError`` for a stream that cannot be read, binary data of no format
    ///   here, or more than ``byteLimit`` bytes.
    init(copying name: String, format asked: InputFormat?) throws {
        guard let source = FileHandle(forReadingAtPath: name) else {
            throw InputError("\(quoted(name)) exists but cannot be read (\(String(cString: strerror(errno))))")
        }
        defer { try? source.close() }
        var template = Array((FileManager.default.temporaryDirectory.path + "/plexus-input-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw RunFailure("cannot make a temporary folder to copy \(quoted(name)) to (\(String(cString: strerror(errno))))")
        }
        folder = String(cString: created)
        let last = name.split(separator: "/").last.map(String.init) ?? "input"
        path = folder + "/" + last
        do {
            format = try SpooledInput.copy(source, named: name, to: path, format: asked)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    /// Deletes the copy.
    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Copies the stream `name`, hands the copy's path and format to `body`, and deletes the
    /// copy. Errors that name the copy name the stream instead.
    static func reading<Result>(
        _ name: String, format: InputFormat?, _ body: (_ path: String, _ format: InputFormat) throws -> Result
    ) throws -> Result {
        let copy = try SpooledInput(copying: name, format: format)
        defer { copy.remove() }
        do {
            return try body(copy.path, copy.format)
        } catch let error as DataError {
            throw DataError(error.kind, file: name, error.description.replacingOccurrences(of: copy.path, with: name))
        } catch let error as InputError {
            throw InputError(error.message.replacingOccurrences(of: copy.path, with: name))
        }
    }

    private static func copy(_ source: FileHandle, named name: String, to path: String, format asked: InputFormat?) throws -> InputFormat {
        guard FileManager.default.createFile(atPath: path, contents: nil), let target = FileHandle(forWritingAtPath: path) else {
            throw RunFailure("cannot make a temporary copy of \(quoted(name)) in \(quoted(path.folderPath))")
        }
        defer { try? target.close() }
        var total = 0
        var format = asked
        // The first 4 KB decide the format; a pipe may deliver them in several pieces.
        var head = Data()
        while true {
            let block: Data
            do {
                block = try source.read(upToCount: 1 << 16) ?? Data()
            } catch {
                throw InputError("\(quoted(name)): cannot read it (\(describe(error)))")
            }
            total += block.count
            guard total <= byteLimit else {
                throw InputError("\(quoted(name)) goes on past \(byteLimit >> 20) MB; save the data to a file and give its path")
            }
            var pending = block
            if format == nil {
                head.append(block)
                guard head.count >= 4096 || block.isEmpty else { continue }
                guard let found = InputFormat.detect(prefix: Array(head.prefix(4096))) else {
                    throw InputError("\(quoted(name)) holds binary data that is not CSV, NPZ, NPY or IDX")
                }
                (format, pending) = (found, head)
            }
            do {
                try target.write(contentsOf: pending)
            } catch {
                throw RunFailure("cannot make a temporary copy of \(quoted(name)) (\(describe(error)))")
            }
            if block.isEmpty { break }
        }
        return format ?? .csv
    }
}

extension String {
    /// The folder part of a path (`"a/b/c"` → `"a/b"`, `"c"` → `"."`).
    var folderPath: String {
        guard let slash = lastIndex(of: "/") else { return "." }
        return slash == startIndex ? "/" : String(self[..<slash])
    }
}
