import CLibPQ
import Foundation

/// A libpq connection. Statements go out with `PQsendQueryParams` and replies are awaited
/// with poll(2), so a server that stops answering hits `replyTimeout` instead of hanging.
public final class PostgresConnection: DatabaseConnection {
    private var handle: OpaquePointer?
    public let config: ConnectionConfig
    public private(set) var server: ServerInfo
    public private(set) var sessionID: Int
    /// The database's encoding, as the server reported it at connect.
    public private(set) var serverEncoding: String?
    public private(set) var isBroken = false
    private let canceller: PostgresCanceller
    private var interruptionToken: Int?
    /// The stall watchdog's token for the statement in flight (see StallWatchdog).
    private var stallToken: Int?

    /// Libpq keywords dbops sets itself; the same keys in URL parameters are ignored.
    private static let reservedKeywords: Set<String> = [
        "host", "port", "user", "password", "dbname", "connect_timeout", "client_encoding",
    ]

    public init(config: ConnectionConfig) throws {
        self.config = config
        var keywords: [String] = []
        var values: [String] = []
        func set(_ keyword: String, _ value: String?) {
            guard let value else { return }
            keywords.append(keyword)
            values.append(value)
        }
        for (key, value) in config.parameters.sorted(by: { $0.key < $1.key }) where !Self.reservedKeywords.contains(key)
        {
            set(key, value)
        }
        set("host", config.host)
        set("port", config.port.map(String.init))
        set("user", config.user)
        set("password", config.password?.reveal())
        set("dbname", config.database)
        // libpq treats values below 2 as 2.
        set("connect_timeout", String(max(2, Int(config.connectTimeout.rounded(.up)))))
        set("client_encoding", "UTF8")
        // TCP keepalives, unless the URL sets its own: a server behind a dead network path
        // is noticed by the kernel within about a minute and a half (a frozen server on a
        // live machine still answers them: that is the stall watchdog's case).
        if config.parameters["keepalives"] == nil {
            set("keepalives", "1")
            set("keepalives_idle", config.parameters["keepalives_idle"] == nil ? "60" : nil)
            set("keepalives_interval", config.parameters["keepalives_interval"] == nil ? "10" : nil)
            set("keepalives_count", config.parameters["keepalives_count"] == nil ? "3" : nil)
        }
        if config.parameters["application_name"] == nil { set("application_name", config.applicationName) }

        let conn = withCStringArrays(keywords, values) { PQconnectdbParams($0, $1, 0) }
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            let message = conn.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(conn)
            throw PostgresConnection.classifyConnectError(message, password: config.password)
        }
        handle = conn
        // libpq prints NOTICE and WARNING messages to stderr by default; dbops' output is
        // its own (one line per error), so they are dropped.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        sessionID = Int(PQbackendPID(conn))
        serverEncoding = PQparameterStatus(conn, "server_encoding").map { String(cString: $0) }
        let versionText = PQparameterStatus(conn, "server_version").map { String(cString: $0) } ?? "?"
        server = ServerInfo(
            flavor: .postgresql,
            version: versionText.split(separator: " ").first.map(String.init) ?? versionText,
            versionNumber: Int(PQserverVersion(conn)))
        canceller = PostgresCanceller(conn, config: config)
        interruptionToken = Interruption.shared.register(canceller)
        do {
            // Fixed output formats, whatever the server or role defaults are: ISO dates,
            // UTC, and floats printed with every digit. A session dbops keeps while others
            // work (a restore's, a worker waiting for a table's last file, a cleanup's between
            // paced batches) may sit idle longer than an idle_session_timeout a site set on
            // the role or database, which would close it and fail the job at its next
            // statement, its job lock gone. And pg_catalog taken out of the search_path, so
            // that PostgreSQL searches it first (CVE-2018-1058): a database may list an
            // application schema before it, where its owner's copies of now(), quote_ident()
            // or `=` would then run with the rights of whoever runs dbops.
            try executeScript(
                "SET DateStyle = 'ISO, YMD'; SET TimeZone = 'UTC'; SET extra_float_digits = 3; SET IntervalStyle = 'postgres'"
                    + (server.versionNumber >= 140_000 ? "; SET idle_session_timeout = 0" : "") + "; "
                    + QueryCatalog.shared.sql(.catalogApplicationPath, server: server))
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    public func close() {
        if let token = interruptionToken { Interruption.shared.unregister(token) }
        interruptionToken = nil
        if let handle { PQfinish(handle) }
        handle = nil
        isBroken = true  // a closed connection is never used again
    }

    public func makeCanceller() -> QueryCanceller { canceller }

    // MARK: - Statements

    public func query(_ sql: String, _ parameters: [SQLValue]) throws -> ResultSet {
        try logged(sql, parameters.count) { try watched { try queryWatched(sql, parameters) } }
    }

    @discardableResult
    public func stream(_ sql: String, _ parameters: [SQLValue], _ body: (Row) throws -> Void) throws -> Int64 {
        try logged(sql, parameters.count) { try watched { try streamWatched(sql, parameters, body) } }
    }

    public func executeScript(_ sql: String) throws {
        try logged(sql, 0) { try watched { try executeScriptWatched(sql) } }
    }

    /// Runs `COPY ... TO STDOUT` and passes each chunk libpq returns (one or more rows of
    /// COPY text) to `body`. Returns the number of rows the server reports.
    @discardableResult
    public func copyOut(_ sql: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        try logged(sql, 0) { try watched { try copyOutWatched(sql, body) } }
    }

    /// Runs `COPY ... FROM STDIN`; `produce` is called with a writer until it returns.
    /// Throwing from `produce` aborts the COPY (nothing of it is kept). Returns rows loaded.
    @discardableResult
    public func copyIn(_ sql: String, _ produce: (PostgresCopyWriter) throws -> Void) throws -> Int64 {
        try logged(sql, 0) { try watched { try copyInWatched(sql, produce) } }
    }

    private func logged<T>(_ sql: String, _ parameters: Int, _ body: () throws -> T) throws -> T {
        try StatementLog.timed(.postgres, session: sessionID, sql, parameters: parameters, body)
    }

    /// Runs `body` under the stall watchdog: if the server stops answering, the socket is
    /// shut down so the blocked read or write returns, and the connection is marked broken.
    private func watched<T>(_ body: () throws -> T) throws -> T {
        guard let handle, stallToken == nil, PQsocket(handle) >= 0 else { return try body() }
        return try StallWatchdog.shared.watch(
            config, action: .shutdownSocket(PQsocket(handle)), onStall: { isBroken = true }
        ) { token in
            stallToken = token
            defer { stallToken = nil }
            return try body()
        }
    }

    private func noteProgress() { StallWatchdog.shared.progress(stallToken) }

    private func queryWatched(_ sql: String, _ parameters: [SQLValue]) throws -> ResultSet {
        try send(sql, parameters)
        var columns: [String] = []
        var rows: [Row] = []
        var affected: Int64 = 0
        var firstError: DBError?
        while let result = try nextResult() {
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_TUPLES_OK:
                let layout = Self.layout(of: result)
                columns = layout.names
                let count = PQntuples(result)
                rows.reserveCapacity(Int(count))
                for r in 0..<count { rows.append(Self.row(result, r, layout)) }
                affected = Int64(count)
            case PGRES_COMMAND_OK:
                affected = Int64(String(cString: PQcmdTuples(result))) ?? 0
            case PGRES_EMPTY_QUERY:
                break
            case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
                firstError =
                    firstError ?? DBError(.clientError, "COPY is not allowed through query(); use the COPY API")
                abortCopy(PQresultStatus(result))
            default:
                firstError = firstError ?? makeError(result)
            }
        }
        if let firstError { throw firstError }
        return ResultSet(columns: columns, rows: rows, affectedRows: affected)
    }

    public func singleStatement(_ sql: String) throws -> ResultSet {
        // query() always uses PQsendQueryParams (extended protocol): one statement only.
        try query(sql, [])
    }

    private func streamWatched(_ sql: String, _ parameters: [SQLValue], _ body: (Row) throws -> Void) throws -> Int64 {
        try send(sql, parameters)
        guard PQsetSingleRowMode(handle) == 1 else {
            drainResults()
            throw DBError(.clientError, "could not switch to single-row mode")
        }
        var layout: ColumnLayout?
        var count: Int64 = 0
        var failure: Error?
        while let result = try nextResult() {
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                guard failure == nil else { continue }
                let current = layout ?? Self.layout(of: result)
                layout = current
                do {
                    try body(Self.row(result, 0, current))
                    count += 1
                } catch {
                    // Stop the server from sending the rest, then discard what is in flight.
                    failure = error
                    canceller.cancel()
                }
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                break
            default:
                if failure == nil { failure = makeError(result) }
            }
        }
        if let failure { throw failure }
        return count
    }

    private func executeScriptWatched(_ sql: String) throws {
        try startStatement()
        guard PQsendQuery(handle, sql) == 1 else { throw lostOrClientError() }
        var firstError: DBError?
        while let result = try nextResult() {
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            if status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE {
                firstError = firstError ?? makeError(result)
            } else if status == PGRES_COPY_IN || status == PGRES_COPY_OUT {
                firstError = firstError ?? DBError(.clientError, "COPY is not allowed in a script")
                abortCopy(status)
            }
        }
        if let firstError { throw firstError }
    }

    // MARK: - COPY (used by backup and restore)

    private func copyOutWatched(_ sql: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        try startStatement()
        guard PQsendQuery(handle, sql) == 1 else { throw lostOrClientError() }
        guard let start = try nextResult() else { throw DBError(.clientError, "COPY returned no result") }
        let startStatus = PQresultStatus(start)
        if startStatus != PGRES_COPY_OUT {
            let error = makeError(start)
            PQclear(start)
            drainResults()
            throw error
        }
        PQclear(start)
        var failure: Error?
        var messages = 0
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(handle, &buffer, 0)
            if length > 0, let buffer {
                // A message a row: the watchdog's clock and lock once every 1,024 rows
                // (as the MySQL stream does), not per row, where they cost more than the
                // row's checksum.
                if messages & 1023 == 0 { noteProgress() }
                messages &+= 1
                if failure == nil {
                    do { try body(UnsafeRawBufferPointer(start: buffer, count: Int(length))) } catch {
                        failure = error
                        canceller.cancel()
                    }
                }
                PQfreemem(buffer)
            } else if length == -1 {
                break
            } else {
                markBrokenIfBad()
                throw DBError(.connectionLost, String(cString: PQerrorMessage(handle)))
            }
        }
        var rows: Int64 = 0
        var serverError: DBError?
        while let result = try nextResult() {
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                rows = Int64(String(cString: PQcmdTuples(result))) ?? 0
            } else {
                serverError = serverError ?? makeError(result)
            }
            PQclear(result)
        }
        if let failure { throw failure }
        if let serverError { throw serverError }
        return rows
    }

    private func copyInWatched(_ sql: String, _ produce: (PostgresCopyWriter) throws -> Void) throws -> Int64 {
        try startStatement()
        guard PQsendQuery(handle, sql) == 1 else { throw lostOrClientError() }
        guard let start = try nextResult() else { throw DBError(.clientError, "COPY returned no result") }
        if PQresultStatus(start) != PGRES_COPY_IN {
            let error = makeError(start)
            PQclear(start)
            drainResults()
            throw error
        }
        PQclear(start)
        let writer = PostgresCopyWriter(handle: handle!, progress: { [weak self] in self?.noteProgress() })
        var failure: Error?
        do { try produce(writer) } catch { failure = error }
        let reason = failure.map { "aborted by dbops: \($0)" }
        if PQputCopyEnd(handle, reason) != 1 {
            markBrokenIfBad()
            throw DBError(.connectionLost, String(cString: PQerrorMessage(handle)))
        }
        var rows: Int64 = 0
        var serverError: DBError?
        while let result = try nextResult() {
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                rows = Int64(String(cString: PQcmdTuples(result))) ?? 0
            } else {
                serverError = serverError ?? makeError(result)
            }
            PQclear(result)
        }
        if let failure { throw failure }
        if let serverError { throw serverError }
        return rows
    }

    // MARK: - Internals

    /// Before each statement: the connection must be open, and a cancel asked for during an
    /// earlier one (which ended before it arrived) says nothing of this one's 57014.
    private func startStatement() throws {
        guard handle != nil, !isBroken else { throw DBError(.connectionLost, "the connection is closed") }
        _ = canceller.takeRequest()
    }

    private func send(_ sql: String, _ parameters: [SQLValue]) throws {
        try startStatement()
        let count = parameters.count
        var types = [Oid](repeating: 0, count: count)
        var formats = [Int32](repeating: 0, count: count)
        var lengths = [Int32](repeating: 0, count: count)
        var buffers: [UnsafeMutablePointer<CChar>?] = []
        buffers.reserveCapacity(count)
        defer { buffers.forEach { free($0) } }
        for (i, parameter) in parameters.enumerated() {
            switch parameter {
            case .null:
                buffers.append(nil)
            case .bytes(let bytes):
                // Binary format: bytea travels as raw bytes, no escaping.
                types[i] = 17
                formats[i] = 1
                lengths[i] = Int32(bytes.count)
                let memory = malloc(max(1, bytes.count))!.assumingMemoryBound(to: CChar.self)
                _ = bytes.withUnsafeBytes { memcpy(memory, $0.baseAddress!, bytes.count) }
                buffers.append(memory)
            case .bool(let value):
                buffers.append(strdup(value ? "true" : "false"))
            default:
                // Text with type left to the server to infer from context (OID 0).
                buffers.append(strdup(parameter.textForm ?? ""))
            }
        }
        let values = buffers.map { UnsafePointer<CChar>($0) }
        let sent = values.withUnsafeBufferPointer { valuePointer in
            PQsendQueryParams(
                handle, sql, Int32(count), count == 0 ? nil : types,
                count == 0 ? nil : valuePointer.baseAddress,
                count == 0 ? nil : lengths, count == 0 ? nil : formats, 0)
        }
        guard sent == 1 else { throw lostOrClientError() }
    }

    /// The next result of the statement in flight, or nil when it is complete.
    private func nextResult() throws -> OpaquePointer? {
        let deadline = config.replyTimeout.map { Deadline(secondsFromNow: $0) }
        while PQisBusy(handle) == 1 {
            try waitReadable(deadline)
            noteProgress()
            if PQconsumeInput(handle) == 0 {
                markBrokenIfBad()
                throw DBError(.connectionLost, String(cString: PQerrorMessage(handle)))
            }
        }
        return PQgetResult(handle)
    }

    private func waitReadable(_ deadline: Deadline?) throws {
        let socket = PQsocket(handle)
        guard socket >= 0 else {
            isBroken = true
            throw DBError(.connectionLost, "the connection to the server was lost")
        }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&descriptor, 1, deadline?.remainingMilliseconds ?? -1)
            if ready > 0 { return }
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 {
                try handleReplyTimeout()
                return
            }
            throw DBError(.io, "poll failed: \(String(cString: strerror(errno)))")
        }
    }

    /// The server did not answer in time. Ask it to cancel; if even that goes unanswered
    /// the server is frozen or unreachable: give up on this connection.
    private func handleReplyTimeout() throws {
        canceller.cancel()
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, 2000) > 0 {
            drainResults()
        } else {
            isBroken = true
            PQfinish(handle)
            handle = nil
        }
        let seconds = config.replyTimeout.map { String(format: "%.0f", $0) } ?? "?"
        throw DBError(.timeout, "the server did not reply within \(seconds)s")
    }

    private func drainResults() {
        guard handle != nil else { return }
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_COPY_IN || status == PGRES_COPY_OUT { abortCopy(status) }
        }
    }

    private func abortCopy(_ status: ExecStatusType) {
        if status == PGRES_COPY_IN {
            _ = PQputCopyEnd(handle, "not expected")
        } else if status == PGRES_COPY_OUT {
            var buffer: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(handle, &buffer, 0) > 0 { PQfreemem(buffer) }
        }
    }

    private func markBrokenIfBad() {
        if handle == nil || PQstatus(handle) != CONNECTION_OK { isBroken = true }
    }

    private func lostOrClientError() -> DBError {
        markBrokenIfBad()
        let message = handle.map { String(cString: PQerrorMessage($0)) } ?? "the connection is closed"
        return DBError(isBroken ? .connectionLost : .clientError, message)
    }

    private func makeError(_ result: OpaquePointer) -> DBError {
        func field(_ code: Character) -> String? {
            PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
        }
        markBrokenIfBad()
        let state = field("C")
        let message = field("M") ?? String(cString: PQresultErrorMessage(result))
        let code: DBError.Code
        if isBroken {
            code = .connectionLost
        } else {
            code = PostgresConnection.classify(
                sqlState: state, message: message, cancelRequested: state == "57014" && canceller.takeRequest())
        }
        return DBError(
            code, message.isEmpty ? String(cString: PQerrorMessage(handle)) : message,
            sqlState: state, detail: field("D"), hint: field("H") ?? Self.hint(message, sqlState: state))
    }

    /// What to do, where the server's words leave an operator guessing.
    static func hint(_ message: String, sqlState: String?) -> String? {
        switch sqlState {
        case "42501" where message.hasPrefix("query would be affected by row-level security policy"):
            // row_security off (SessionSettings.allRows) turns rows a policy would hide into
            // this error; the server names the table but not the cause or the cure.
            return
                "this role is subject to the table's row-level security policies, which would hide rows from dbops; run it as a role with BYPASSRLS (or the table's owner, unless the table forces row-level security)"
        case "25006":
            // A write in a read-only session: the server says which statement, not why the
            // session was read-only — a standby, or a site's own setting, which dbops keeps.
            return
                "the session is read-only: the server is a standby (run it against the primary), or default_transaction_read_only is on for this database, this role or the server"
        default: return nil
        }
    }

    /// `cancelRequested`: dbops itself asked the server to cancel this session's statement
    /// (Ctrl-C, a stall, a failed callback). The server's words tell a statement timeout
    /// from a cancel only in English; under another lc_messages (which only a superuser
    /// may change for a session) a cancel dbops did not ask for is the statement timeout.
    static func classify(sqlState: String?, message: String, cancelRequested: Bool = false) -> DBError.Code {
        guard let state = sqlState else { return .serverError }
        switch state {
        case "57014":
            if message.contains("statement timeout") { return .timeout }
            if message.contains("user request") { return .cancelled }
            return cancelRequested ? .cancelled : .timeout
        case "55P03": return .lockNotAvailable
        case "40P01", "40001": return .deadlock
        case "42501": return .permissionDenied
        case "42P01", "42883", "42704", "3F000", "42703", "58P01": return .undefinedObject
        case "3D000": return .databaseNotFound
        case "57P03": return .serverStarting
        case "28P01", "28000": return .authenticationFailed
        default:
            if state.hasPrefix("08") || state.hasPrefix("57P") { return .connectionLost }
            return .serverError
        }
    }

    static func classifyConnectError(_ raw: String, password: Secret?) -> DBError {
        // libpq ends its message with a line break, which a one-line error would show as "; )".
        var message = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if let password, !password.isEmpty {
            message = message.replacingOccurrences(of: password.reveal(), with: "********")
        }
        let lower = message.lowercased()
        let code: DBError.Code
        if lower.contains("password authentication failed") || lower.contains("no password supplied")
            || lower.contains("authentication failed") || lower.contains("password is required")
        {
            code = .authenticationFailed
        } else if lower.contains("database") && lower.contains("does not exist") {
            code = .databaseNotFound
        } else if lower.contains("starting up") || lower.contains("shutting down") || lower.contains("in recovery mode")
        {
            code = .serverStarting
        } else if lower.contains("timeout expired") {
            code = .timeout
            message = "the server did not answer within the connect timeout (\(message))"
        } else if lower.contains("invalid connection option") || lower.contains("invalid sslmode")
            || lower.contains("invalid value")
        {
            code = .invalidTarget
        } else {
            code = .connectionFailed
        }
        return DBError(code, message)
    }

    private static func layout(of result: OpaquePointer) -> ColumnLayout {
        ColumnLayout(names: (0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) })
    }

    private static func row(_ result: OpaquePointer, _ index: Int32, _ layout: ColumnLayout) -> Row {
        var values: [String?] = []
        values.reserveCapacity(layout.names.count)
        for column in 0..<Int32(layout.names.count) {
            if PQgetisnull(result, index, column) == 1 {
                values.append(nil)
            } else {
                let length = Int(PQgetlength(result, index, column))
                let pointer = UnsafeRawPointer(PQgetvalue(result, index, column)!)
                values.append(String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self))
            }
        }
        return Row(layout: layout, values: values)
    }
}

/// Writes COPY data during `PostgresConnection.copyIn`.
public final class PostgresCopyWriter {
    private let handle: OpaquePointer
    private let progress: () -> Void

    init(handle: OpaquePointer, progress: @escaping () -> Void) {
        self.handle = handle
        self.progress = progress
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        progress()
        var offset = 0
        while offset < bytes.count {
            let chunk = min(bytes.count - offset, Int(Int32.max / 2))
            let base = bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self)
            if PQputCopyData(handle, base, Int32(chunk)) != 1 {
                throw DBError(.connectionLost, String(cString: PQerrorMessage(handle)))
            }
            offset += chunk
        }
    }
}

/// PQcancel on its own PGcancel object is safe from any thread.
final class PostgresCanceller: QueryCanceller, @unchecked Sendable {
    private let cancelObject: OpaquePointer?
    private let config: ConnectionConfig

    init(_ connection: OpaquePointer, config: ConnectionConfig) {
        cancelObject = PQgetCancel(connection)
        self.config = config
    }

    /// Sends the cancel request, waiting for it at most `PostgresCanceller.bound` seconds:
    /// PQcancel opens a new connection and waits for the server to close it, which a
    /// frozen server never does. The request goes on in the background (it holds this
    /// object alive) and whoever called cancel moves on.
    func cancel() {
        guard cancelObject != nil, !StallWatchdog.shared.isFrozen(config) else { return }
        lock.withLock { requested = true }
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread { [self] in
            var buffer = [CChar](repeating: 0, count: 256)
            _ = PQcancel(cancelObject, &buffer, 256)
            done.signal()
        }
        _ = done.wait(timeout: .now() + Self.bound)
    }

    static let bound = 3.0

    private let lock = NSLock()
    private var requested = false

    /// Whether a cancel was asked for since the last call (each statement's start): the
    /// statement a 57014 ended was cancelled by dbops, not by its statement timeout.
    func takeRequest() -> Bool {
        lock.withLock {
            defer { requested = false }
            return requested
        }
    }

    deinit { PQfreeCancel(cancelObject) }
}
