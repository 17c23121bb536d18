import DBCore
import Foundation

/// One data file to load, and the table it belongs to.
struct LoadTask {
    let table: TableEntry
    let file: FileEntry
}
