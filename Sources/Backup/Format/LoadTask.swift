import DBCore
import Foundation

/// One data file to load, the table it belongs to, and the backup's content key when it
/// is encrypted.
struct LoadTask {
    let table: TableEntry
    let file: FileEntry
    let key: ContentKey?
}
