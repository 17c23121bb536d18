import DBCore
import Foundation

/// A table in the target whose presence says a restore is in progress or failed; it is
/// dropped only once everything is in. A crashed restore therefore never looks complete.
enum RestoreMarker {
    static let table = "_dbops_restore_incomplete"
}
