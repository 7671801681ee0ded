import Foundation
@testable import Plexus

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one folder every test's scratch files go under, removed when the test process exits.
///
/// The helpers used to make their folders straight in the system's temporary directory and
/// never remove them: each run of the suite left thousands behind. Grouping them under one
/// root per run lets a single exit handler take them all; a crashed run leaves one folder.
enum TestScratch {
    /// `<temporary directory>/plexus-tests-<process id>-<random>`, made at first use.
    static let root: URL = {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("plexus-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
        try! FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        rootPath.withLock { $0 = root.path }
        atexit {
            if let path = TestScratch.rootPath.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
        }
        return root
    }()

    /// The root's path for the exit handler, which cannot capture anything.
    private static let rootPath = Locked<String?>(nil)

    /// A new, empty folder under the root, its name starting with `prefix`.
    static func folder(_ prefix: String) -> URL {
        let folder = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A path under the root for a file that does not exist yet.
    static func file(_ prefix: String, extension suffix: String) -> String {
        root.appendingPathComponent("\(prefix)-\(UUID().uuidString).\(suffix)").path
    }
}
