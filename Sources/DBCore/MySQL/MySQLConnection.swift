import CMariaDB
import Foundation

/// A MariaDB Connector/C connection. Statements without parameters use the text protocol
/// (mysql_real_query + mysql_use_result, binary safe through mysql_fetch_lengths);
/// statements with parameters use server-side prepared statements so values never enter
/// the SQL text.
public final class MySQLConnection: DatabaseConnection {
    private var mysql: UnsafeMutablePointer<MYSQL>?
    public let config: ConnectionConfig
    public private(set) var server: ServerInfo
    public private(set) var sessionID: Int
    public private(set) var isBroken = false
    private let canceller: MySQLCanceller
    private var interruptionToken: Int?
    /// The stall watchdog's token for the statement in flight (see StallWatchdog).
    private var stallToken: Int?

    /// `mysql_library_init` is a macro Swift cannot see; its function must run once before
    /// any thread uses the library.
    private static let libraryInitialized: Bool = mysql_server_init(0, nil, nil) == 0

    public static func initializeLibrary() { _ = libraryInitialized }

    public init(config: ConnectionConfig) throws {
        self.config = config
        MySQLConnection.initializeLibrary()
        guard let mysql = mysql_init(nil) else { throw DBError(.clientError, "mysql_init failed: out of memory") }
        var connectTimeout = UInt32(max(1, config.connectTimeout.rounded(.up)))
        mysql_options(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &connectTimeout)
        if let reply = config.replyTimeout {
            var seconds = UInt32(max(1, reply.rounded(.up)))
            mysql_options(mysql, MYSQL_OPT_READ_TIMEOUT, &seconds)
            mysql_options(mysql, MYSQL_OPT_WRITE_TIMEOUT, &seconds)
        }
        // ~/.my.cnf [client] (and the system option files) supply what the URL leaves out,
        // the password above all.
        mysql_options(mysql, MYSQL_READ_DEFAULT_GROUP, "client")
        mysql_options(mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        var localInfile: UInt32 = config.allowLocalInfile ? 1 : 0
        mysql_options(mysql, MYSQL_OPT_LOCAL_INFILE, &localInfile)
        mysql_options4(mysql, MYSQL_OPT_CONNECT_ATTR_ADD, "program_name", config.applicationName)
        // Rows with 16 MB values (and more) must pass both ways.
        var maxPacket: UInt = 1 << 30
        mysql_options(mysql, MYSQL_OPT_MAX_ALLOWED_PACKET, &maxPacket)
        if config.host != nil && config.socket == nil {
            // A host in a URL means TCP, even "localhost" (the C library would pick the socket).
            var proto = UInt32(MYSQL_PROTOCOL_TCP.rawValue)
            mysql_options(mysql, MYSQL_OPT_PROTOCOL, &proto)
        }
        try MySQLConnection.applyTLS(config.parameters, to: mysql)

        let flags = UInt(CLIENT_MULTI_STATEMENTS) | UInt(CLIENT_MULTI_RESULTS)
        let connected = mysql_real_connect(
            mysql, config.host, config.user, config.password?.reveal(),
            config.database, UInt32(config.port ?? 0), config.socket, flags)
        guard connected != nil else {
            let error = MySQLConnection.connectError(mysql, password: config.password)
            mysql_close(mysql)
            throw error
        }
        // The C library may fall back to plain text when the server has no TLS; a
        // required TLS connection must not.
        let mode = config.parameters["ssl-mode"]?.uppercased().replacingOccurrences(of: "-", with: "_") ?? "PREFERRED"
        if ["REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"].contains(mode), mysql_get_ssl_cipher(mysql) == nil {
            mysql_close(mysql)
            throw DBError(
                .connectionFailed, "ssl-mode=\(mode) but the connection is not encrypted: the server does not offer TLS"
            )
        }
        self.mysql = mysql
        sessionID = Int(mysql_thread_id(mysql))
        let info = String(cString: mysql_get_server_info(mysql))
        server = ServerInfo(
            flavor: info.contains("MariaDB") ? .mariadb : .mysql,
            version: info, versionNumber: Int(mysql_get_server_version(mysql)))
        canceller = MySQLCanceller(config: config, threadID: UInt(mysql_thread_id(mysql)))
        interruptionToken = Interruption.shared.register(canceller)
        do {
            // TIMESTAMP values are read and written in UTC, whatever the server's zone. A
            // session dbops keeps while others work (a restore's, between a backup's steps, a
            // cleanup's between paced batches or while a replica catches up) may sit idle
            // longer than a server's short wait_timeout (60s is common), which would close it
            // and fail the job at its next statement, its job lock gone: mydumper's value.
            // The sql_mode is dbops' own, not the server's: ANSI_QUOTES or NO_TABLE_OPTIONS
            // there would make SHOW CREATE write what a restore cannot read, or leave out a
            // table's engine and character set, and a lax mode would let an archive copy cut
            // a value short without an error. NO_AUTO_VALUE_ON_ZERO (mysqldump's): a row
            // copied with an AUTO_INCREMENT key of 0 keeps it, rather than taking the next.
            try executeScript(
                "SET time_zone = '+00:00', SESSION wait_timeout = 2147483, SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO'"
            )
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    public func close() {
        if let token = interruptionToken { Interruption.shared.unregister(token) }
        interruptionToken = nil
        if let mysql { mysql_close(mysql) }
        mysql = nil
        isBroken = true  // a closed connection is never used again
    }

    public func makeCanceller() -> QueryCanceller { canceller }

    /// The underlying handle, for bulk loading through LOAD DATA LOCAL INFILE.
    var rawHandle: UnsafeMutablePointer<MYSQL>? { mysql }

    /// Warnings the last statement raised (outside strict mode, a value the column cannot
    /// hold becomes a warning and a NULL or zero, not an error).
    public var warningCount: Int { mysql.map { Int(mysql_warning_count($0)) } ?? 0 }

    // MARK: - Statements

    public func query(_ sql: String, _ parameters: [SQLValue]) throws -> ResultSet {
        var rows: [Row] = []
        var columns: [String] = []
        let affected = try run(sql, parameters, buffered: true) { row in
            if columns.isEmpty { columns = row.layout.names }
            rows.append(row)
        } onColumns: {
            columns = $0.names
        }
        return ResultSet(columns: columns, rows: rows, affectedRows: affected)
    }

    @discardableResult
    public func stream(_ sql: String, _ parameters: [SQLValue], _ body: (Row) throws -> Void) throws -> Int64 {
        var count: Int64 = 0
        _ = try run(
            sql, parameters, buffered: false,
            { row in
                try body(row)
                count += 1
            }, onColumns: { _ in })
        return count
    }

    public func executeScript(_ sql: String) throws {
        _ = try run(sql, [], buffered: true, { _ in }, onColumns: { _ in })
    }

    public func singleStatement(_ sql: String) throws -> ResultSet {
        try ensureOpen()
        return try watched {
            let statement = try MySQLPreparedStatement(mysql!, sql)
            defer { statement.close() }
            var rows: [Row] = []
            var columns: [String] = []
            let affected = try statement.execute([], onColumns: { columns = $0.names }) { rows.append($0) }
            return ResultSet(columns: columns, rows: rows, affectedRows: affected)
        }
    }

    /// Runs `body` under the stall watchdog: if the server stops answering, the socket is
    /// shut down so the blocked read returns, and the connection is marked broken.
    private func watched<T>(_ body: () throws -> T) throws -> T {
        guard let mysql, stallToken == nil else { return try body() }
        return try StallWatchdog.shared.watch(
            config, action: .shutdownSocket(Int32(mysql_get_socket(mysql))), onStall: { isBroken = true }
        ) { token in
            stallToken = token
            defer { stallToken = nil }
            return try body()
        }
    }

    /// Rows or bytes arrived: the statement is making progress.
    func noteProgress() { StallWatchdog.shared.progress(stallToken) }

    /// Streams the raw values of a text-protocol query: `body` receives, per row, each
    /// column's bytes (nil for NULL). Nothing is copied; pointers are valid only during
    /// the call. Used by backup for speed.
    @discardableResult
    public func streamRaw(
        _ sql: String, columns: ([String]) throws -> Void,
        _ body: (UnsafeBufferPointer<UnsafeRawBufferPointer?>) throws -> Void
    ) throws -> Int64 {
        try ensureOpen()
        return try StatementLog.timed(.mysql, session: sessionID, sql, parameters: 0) {
            try watched { try streamRawWatched(sql, columns: columns, body) }
        }
    }

    private func streamRawWatched(
        _ sql: String, columns: ([String]) throws -> Void,
        _ body: (UnsafeBufferPointer<UnsafeRawBufferPointer?>) throws -> Void
    ) throws -> Int64 {
        guard sqlQuery(sql) == 0 else { throw lastError() }
        guard let result = mysql_use_result(mysql) else {
            if mysql_field_count(mysql) == 0 { return 0 }
            throw lastError()
        }
        defer { mysql_free_result(result) }
        let fieldCount = Int(mysql_num_fields(result))
        let fields = mysql_fetch_fields(result)!
        try columns((0..<fieldCount).map { String(cString: fields[$0].name) })
        var cells = [UnsafeRawBufferPointer?](repeating: nil, count: fieldCount)
        var count: Int64 = 0
        while let row = mysql_fetch_row(result) {
            let lengths = mysql_fetch_lengths(result)!
            for i in 0..<fieldCount {
                if let value = row[i] {
                    cells[i] = UnsafeRawBufferPointer(start: value, count: Int(lengths[i]))
                } else {
                    cells[i] = nil
                }
            }
            try cells.withUnsafeBufferPointer { try body($0) }
            count += 1
            if count & 1023 == 0 { noteProgress() }
        }
        if mysql_errno(mysql) != 0 { throw lastError() }
        return count
    }

    // MARK: - Internals

    private func ensureOpen() throws {
        guard mysql != nil, !isBroken else { throw DBError(.connectionLost, "the connection is closed") }
    }

    private func sqlQuery(_ sql: String) -> Int32 {
        var text = sql
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { mysql_real_query(mysql, $0.baseAddress, UInt($0.count)) }
        }
    }

    private func run(
        _ sql: String, _ parameters: [SQLValue], buffered: Bool, _ body: (Row) throws -> Void,
        onColumns: (ColumnLayout) -> Void
    ) throws -> Int64 {
        try ensureOpen()
        return try StatementLog.timed(.mysql, session: sessionID, sql, parameters: parameters.count) {
            try watched { try runWatched(sql, parameters, buffered: buffered, body, onColumns: onColumns) }
        }
    }

    private func runWatched(
        _ sql: String, _ parameters: [SQLValue], buffered: Bool, _ body: (Row) throws -> Void,
        onColumns: (ColumnLayout) -> Void
    ) throws -> Int64 {
        if !parameters.isEmpty {
            let statement = try MySQLPreparedStatement(mysql!, sql)
            defer { statement.close() }
            do {
                return try statement.execute(parameters, onColumns: onColumns, body)
            } catch let error as DBError {
                throw noteLoss(error)
            }
        }
        guard sqlQuery(sql) == 0 else { throw lastError() }
        var affected: Int64 = 0
        var failure: Error?
        repeat {
            let result = buffered ? mysql_store_result(mysql) : mysql_use_result(mysql)
            if let result {
                let fieldCount = Int(mysql_num_fields(result))
                let fields = mysql_fetch_fields(result)!
                let layout = ColumnLayout(names: (0..<fieldCount).map { String(cString: fields[$0].name) })
                onColumns(layout)
                var count: Int64 = 0
                while let row = mysql_fetch_row(result) {
                    guard failure == nil else { continue }  // drain: the protocol needs every row read
                    let lengths = mysql_fetch_lengths(result)!
                    var values: [String?] = []
                    values.reserveCapacity(fieldCount)
                    for i in 0..<fieldCount {
                        if let value = row[i] {
                            values.append(
                                String(
                                    decoding: UnsafeRawBufferPointer(start: value, count: Int(lengths[i])),
                                    as: UTF8.self))
                        } else {
                            values.append(nil)
                        }
                    }
                    do {
                        try body(Row(layout: layout, values: values))
                        count += 1
                        if count & 1023 == 0 { noteProgress() }
                    } catch {
                        failure = error
                    }
                }
                let fetchErrno = mysql_errno(mysql)
                mysql_free_result(result)
                if fetchErrno != 0 { throw lastError() }
                affected = count
            } else if mysql_field_count(mysql) == 0 {
                let rows = mysql_affected_rows(mysql)
                affected = rows == UInt64.max ? 0 : Int64(rows)
            } else {
                throw lastError()
            }
            let next = mysql_next_result(mysql)
            if next > 0 { throw lastError() }
            if next != 0 { break }
        } while true
        if let failure { throw failure }
        return affected
    }

    /// Client-side errors that mean the connection itself is gone (a server-side
    /// max_statement_time, by contrast, leaves it usable).
    private func noteLoss(_ error: DBError) -> DBError {
        if let number = error.mysqlErrno, [2006, 2013, 2055].contains(number) { isBroken = true }
        return error
    }

    private func lastError() -> DBError {
        let number = Int(mysql_errno(mysql))
        let message = String(cString: mysql_error(mysql))
        let state = String(cString: mysql_sqlstate(mysql))
        return noteLoss(MySQLConnection.makeError(number, message, state))
    }

    static func makeError(_ number: Int, _ message: String, _ state: String?) -> DBError {
        DBError(classify(number, message), message, sqlState: state == "00000" ? nil : state, mysqlErrno: number)
    }

    static func classify(_ number: Int, _ message: String) -> DBError.Code {
        switch number {
        case 1045, 1698, 1251: return .authenticationFailed
        case 1049: return .databaseNotFound
        case 1317: return .cancelled
        case 1969, 3024: return .timeout  // max_statement_time / max_execution_time exceeded
        // 1180: MariaDB reports a lock it would not wait for (innodb_lock_wait_timeout = 0)
        // as "Got error 1 during COMMIT"; it is a lock conflict like 1205, not a failure.
        case 1205, 3572, 1180: return .lockNotAvailable
        case 1213: return .deadlock
        case 1412: return .definitionChanged
        case 1044, 1142, 1143, 1227, 1370: return .permissionDenied
        case 1146, 1054, 1305, 1109: return .undefinedObject
        case 2013:
            return message.contains("timeout") || message.contains("reading initial communication")
                ? .timeout : .connectionLost
        case 2006, 2055: return .connectionLost
        case 2002, 2003, 2005: return .connectionFailed
        case 1040, 1203: return .connectionFailed
        case 2026: return .connectionFailed
        default: return number >= 2000 && number < 3000 ? .clientError : .serverError
        }
    }

    private static func connectError(_ mysql: UnsafeMutablePointer<MYSQL>, password: Secret?) -> DBError {
        // (2013 while connecting: the server accepted the TCP connection and then said nothing.)
        let number = Int(mysql_errno(mysql))
        var message = String(cString: mysql_error(mysql))
        if let password, !password.isEmpty {
            message = message.replacingOccurrences(of: password.reveal(), with: "********")
        }
        var error = makeError(number, message, nil)
        if error.code == .connectionLost { error.code = .connectionFailed }
        if number == 2013 {
            error.code = .timeout
            error.message = "the server did not answer within the connect timeout (\(message))"
        }
        return error
    }

    private static func applyTLS(_ parameters: [String: String], to mysql: UnsafeMutablePointer<MYSQL>) throws {
        let mode = try ConnectionURL.mysqlSSLMode(parameters["ssl-mode"] ?? "PREFERRED")
        if mode == "DISABLED" { return }
        if let ca = parameters["ssl-ca"] { mysql_options(mysql, MYSQL_OPT_SSL_CA, ca) }
        if let capath = parameters["ssl-capath"] { mysql_options(mysql, MYSQL_OPT_SSL_CAPATH, capath) }
        if let cert = parameters["ssl-cert"] { mysql_options(mysql, MYSQL_OPT_SSL_CERT, cert) }
        if let key = parameters["ssl-key"] { mysql_options(mysql, MYSQL_OPT_SSL_KEY, key) }
        if mode != "PREFERRED" {
            var enforce: my_bool = 1
            mysql_options(mysql, MYSQL_OPT_SSL_ENFORCE, &enforce)
        }
        var verify: my_bool = (mode == "VERIFY_CA" || mode == "VERIFY_IDENTITY") ? 1 : 0
        mysql_options(mysql, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify)
    }
}

/// Cancels a MySQL statement the only way the protocol allows: `KILL QUERY` sent from a
/// second connection.
final class MySQLCanceller: QueryCanceller, @unchecked Sendable {
    private let config: ConnectionConfig
    private let threadID: UInt

    init(config: ConnectionConfig, threadID: UInt) {
        var short = config
        short.connectTimeout = min(config.connectTimeout, 5)
        short.replyTimeout = 5
        self.config = short
        self.threadID = threadID
    }

    /// KILL QUERY from a new connection, waited for at most a few seconds (and not tried
    /// at all on a server known to be frozen): whoever cancels moves on either way.
    func cancel() {
        guard !StallWatchdog.shared.isFrozen(config) else { return }
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread { [config, threadID] in
            defer { done.signal() }
            guard let connection = try? MySQLConnection(config: config) else { return }
            // The id is an integer the server gave us; it is not user input.
            try? connection.executeScript("KILL QUERY \(threadID)")
            connection.close()
        }
        _ = done.wait(timeout: .now() + 3)
    }
}
