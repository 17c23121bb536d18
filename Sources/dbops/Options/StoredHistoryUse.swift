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
}
