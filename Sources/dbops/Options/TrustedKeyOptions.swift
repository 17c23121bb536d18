import ArgumentParser
import Backup
import DBCore

/// `--trusted-key PUB` (verify, restore): only manifests signed by one of these keys are
/// accepted, so a manifest rewritten and re-hashed by someone else is refused.
struct TrustedKeyOptions: ParsableArguments {
    @Option(name: .customLong("trusted-key"), help: BackupSettings.trustedKeys.help)
    var paths: [String] = []

    /// Loads the keys (the config's `trusted_keys` when no flag is given) and makes them the
    /// ones every manifest read in this run must be signed by.
    func apply(_ settings: ConfigSection) throws {
        let chosen = try paths.isEmpty ? (BackupSettings.trustedKeys.given(nil, settings) ?? []) : paths
        do { ManifestTrust.shared.trust(try chosen.map(TrustedKey.load)) } catch let error as DBError {
            throw UsageError(error.message)
        }
    }
}
