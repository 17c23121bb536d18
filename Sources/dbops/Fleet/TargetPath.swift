import DBCore
import Foundation

/// A path given once for every target of a run (backup's --output, archive's to_file,
/// slow-queries' snapshot): `{target}` and `{database}` make one per target. A fleet run
/// must have them where targets would otherwise share, and overwrite or mix, one file.
enum TargetPath {
    /// {target} and {database} replaced, each by one folder name without separators.
    /// Databases are the server's to name, so two of them ("a b", "a_b") never share one
    /// (FolderName); targets are the config's (or host_port), named by the operator.
    static func expand(_ pattern: String, database: String?, target: String?) -> String {
        let targetFolder = String(
            (target ?? "target").map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
        let folder = database == FleetMember.globalsName ? FleetMember.globalsName : FolderName.of(database ?? "db")
        return pattern.replacingOccurrences(of: "{database}", with: folder)
            .replacingOccurrences(of: "{target}", with: targetFolder)
    }

    static func expand(_ pattern: String, for target: ResolvedTarget) -> String {
        expand(pattern, database: target.config.database, target: target.targetName)
    }

    /// Refuses, for a fleet run, a path without {target}: `keeps` says what each target
    /// keeps apart ("archive files").
    static func checkFleet(_ pattern: String?, option: String, keeps: String) throws {
        guard let pattern, !pattern.contains("{target}") else { return }
        throw UsageError(
            "\(option) \(pattern): a fleet run keeps each target's \(keeps) apart; put {target} in the name")
    }
}
