import ArgumentParser
import Backup
import DBCore
import Foundation

/// The keys verify and restore read backups with: `--trusted-key PUB` (only manifests
/// signed by one of these keys are accepted, so a manifest rewritten and re-hashed by
/// someone else is refused) and `--decrypt-with KEY` (opens encrypted backups).
struct TrustedKeyOptions: ParsableArguments {
    @Option(name: .customLong("trusted-key"), help: BackupSettings.trustedKeys.help)
    var paths: [String] = []

    @Option(name: .customLong("decrypt-with"), help: BackupSettings.decryptWith.help)
    var decryptWith: [String] = []

    /// Loads the keys (the config's `trusted_keys` / `decrypt_with` when no flag is given;
    /// DBOPS_DECRYPT_WITH after that) and makes them the ones every manifest read in this
    /// run is checked and opened with.
    func apply(_ settings: ConfigSection, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws
    {
        let chosen = try paths.isEmpty ? (BackupSettings.trustedKeys.given(nil, settings) ?? []) : paths
        var privateKeys =
            try decryptWith.isEmpty ? (BackupSettings.decryptWith.given(nil, settings) ?? []) : decryptWith
        if privateKeys.isEmpty, let fromEnvironment = environment["DBOPS_DECRYPT_WITH"] {
            privateKeys = fromEnvironment.split(separator: ":").map(String.init)
        }
        do {
            ManifestTrust.shared.trust(try chosen.map(TrustedKey.load))
            DecryptionKeyring.shared.hold(try privateKeys.map(DecryptionKey.load))
        } catch let error as DBError {
            throw UsageError(error.message)
        }
    }
}
