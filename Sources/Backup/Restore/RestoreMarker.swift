import DBCore
import Foundation

/// A table in the target whose presence says a restore is in progress or failed; it is
/// dropped only once everything is in. A crashed restore therefore never looks complete.
enum RestoreMarker {
    static let table = "_dbops_restore_incomplete"

    /// Refuses a whole restore of a backup taken of a database a restore had not finished:
    /// its rows are partial, and its marker would collide with the restore's own half-way,
    /// leaving the target marked and failed ("table ... already exists").
    static func refusePartialSource(_ manifest: BackupManifest, input: String) throws {
        guard manifest.holdsRestoreMarker else { return }
        throw DBError(
            .clientError,
            "\(input) was taken of a database holding \(table) (a dbops restore into it had failed or been killed): its data is partial; restore a backup taken before it, or reload chosen tables into an existing database with --table"
        )
    }

    /// Refuses a target that is not empty, or that holds the marker alone: another restore
    /// is running into it, or one failed (its schema step rolled back) or was killed.
    /// `reading` is the row of backup/non_empty.sql: `objects` besides the marker, `marker`.
    /// `markerIsOurs`: this restore made the marker itself (a clean marks first).
    static func requireEmpty(
        _ reading: Row?, database: String, objects kinds: String, markerIsOurs: Bool = false, cleaned: Bool
    ) throws {
        let objects = reading?.int("objects") ?? 0
        // The marker is named first: "not empty" would hide that what is there is a restore
        // that stopped half-way, which --clean is the answer to.
        guard markerIsOurs || (reading?.int("marker") ?? 0) == 0 else {
            let beside = objects == 0 ? "" : " beside \(objects) \(kinds)"
            throw DBError(
                .clientError,
                "the target database \(database) holds \(table)\(beside): a restore into it is running, or one failed or was killed; when none is running, re-run with --clean"
            )
        }
        guard objects == 0 else {
            if cleaned { throw leftByClean(database: database, objects: "\(objects) \(kinds)") }
            throw DBError(
                .clientError,
                "the target database \(database) is not empty (\(objects) \(kinds)): restore into an empty database, add --clean to drop what the backup holds first, or use --table to reload chosen tables"
            )
        }
    }
}

extension RestoreMarker {
    /// --clean would leave what the backup does not hold (a --table backup's other tables):
    /// a whole restore would put its tables beside them. Refused before anything is dropped
    /// (PostgreSQL: the drops rolled back), or the backup's tables were gone and not back.
    static func leftByClean(database: String, objects: String) -> DBError {
        DBError(
            .clientError,
            "the target database \(database) holds \(objects) the backup does not, which --clean would leave (it drops only what the backup holds); nothing was dropped: restore into an empty database, or use --table to reload chosen tables"
        )
    }
}

extension BackupManifest {
    /// The backed-up database held the restore marker: a dbops restore into it had not finished.
    var holdsRestoreMarker: Bool { tables.contains { $0.name == RestoreMarker.table } }

    /// A backup of all of its database, as it stood: not of chosen tables or the schema
    /// alone, nor taken while a restore into it was unfinished. What a whole-server restore
    /// and a tree's drill take before any newer backup that is not.
    var holdsWholeDatabase: Bool { options.selection.isEmpty && !holdsRestoreMarker }
}
