/// The version of Plexus: the one place it is written.
///
/// `plexus --version` prints it, reports and model files record it, and CHANGELOG.md names the
/// same number for every release. Bump it here when CHANGELOG.md's "Unreleased" section becomes a release.
public enum PlexusVersion {
    /// The release this build is, as `major.minor.patch` (semantic versioning).
    public static let current = "0.3.0"
}
