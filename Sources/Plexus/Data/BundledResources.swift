import Foundation

/// Finding the files bundled with Plexus (the small data sets in `Resources/Datasets`).
///
/// SwiftPM's generated `Bundle.module` stops the program when the resource bundle is not
/// where it expects it (for example when the `plexus` binary was copied elsewhere without its
/// `Plexus_Plexus.resources` folder). Bundled data sets must throw instead, so the bundle is
/// looked up here, in the places SwiftPM puts it: next to the executable, next to the code's
/// own bundle (a test bundle on macOS), or inside either.
enum BundledResources {
    private final class Token {}

    private static let bundleNames = ["Plexus_Plexus.resources", "Plexus_Plexus.bundle"]

    /// The folders that may hold the resource bundle, most likely first.
    private static func candidateFolders() -> [URL] {
        var folders: [URL] = []
        for base in [Bundle.main.bundleURL, Bundle(for: Token.self).bundleURL] {
            folders.append(base)
            folders.append(base.deletingLastPathComponent())
        }
        if let resources = Bundle.main.resourceURL { folders.append(resources) }
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            folders.append(executable.deletingLastPathComponent())
        }
        return folders
    }

    /// The path of the bundled file `Datasets/<name>`; `dataset` names the data set in errors.
    static func path(of name: String, dataset: String) throws -> String {
        var looked: [String] = []
        for folder in candidateFolders() {
            for bundleName in bundleNames {
                let bundleURL = folder.appendingPathComponent(bundleName)
                let bundlePath = bundleURL.path
                guard !looked.contains(bundlePath) else { continue }
                looked.append(bundlePath)
                guard FileBytes.isDirectory(bundlePath) else { continue }
                for inner in ["Datasets", "Contents/Resources/Datasets"] {
                    let file = bundleURL.appendingPathComponent(inner).appendingPathComponent(name).path
                    if FileBytes.exists(file) { return file }
                }
            }
        }
        throw DataError(
            .missingResource, file: name,
            "the \(dataset) data set's file \(name) is missing: Plexus's resource bundle (Plexus_Plexus.resources or .bundle, with a Datasets folder) was not found next to the program or holds no \(name); looked in \(looked.map(\.folderPath).uniqued().joined(separator: ", "))"
        )
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each only the first time it appears.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
