import DBCore
import Foundation

/// DDL (a partition's ATTACH, an archive table's CREATE ... LIKE) waits at most the lock
/// timeout; when another session holds the table (the application, a short REINDEX), back
/// off and try again a few times (about 17 s in all) rather than queue in front of it or
/// fail a nightly run on a moment's lock.
enum DDLRetry {
    static func run<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do { return try body() } catch let error as DBError where error.code == .lockNotAvailable && attempt < 5 {
                attempt += 1
                try Interruption.shared.check()
                Thread.sleep(forTimeInterval: min(5, 0.5 * Double(1 << attempt)))
            }
        }
    }
}
