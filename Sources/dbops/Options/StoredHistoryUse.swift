import DBCore
import Foundation
import History

/// history and report read the history store, never a server: the options that say how to
/// reach one are refused by name rather than ignored (a typo'd command is not a silent one).
enum StoredHistoryUse {
    static func refuseConnectionOptions(_ global: GlobalOptions, command: String) throws {
        let given: [(String, Bool)] = [
            ("--url", global.url != nil), ("--password-file", global.passwordFile != nil),
            ("--connect-timeout", global.connectTimeout != nil), ("--stall-timeout", global.stallTimeout != nil),
            ("--all-databases", global.allDatabases),
        ]
        if let (option, _) = given.first(where: { $0.1 }) {
            throw UsageError(
                "\(option) does not apply to \(command): it reads the history store, not a server (--target picks stored targets by name)"
            )
        }
    }

    /// Where `--since` (a duration back from now or a date) starts the stored history read.
    static func start(_ since: String?) throws -> Date {
        let text = since ?? "30d"
        guard let start = HistoryQuery.since(text) else {
            throw UsageError(
                "--since \(text): \(DurationText.ambiguity(text) ?? "not a duration (30d, 12h) or a date (2026-03-29)")"
            )
        }
        return start
    }
}
