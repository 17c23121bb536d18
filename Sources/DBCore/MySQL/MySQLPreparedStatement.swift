import CMariaDB
import Foundation

/// One server-side prepared statement: parameters are bound as typed values and results
/// are fetched row by row (unbuffered) with every column converted to text by the client
/// library, so rows look the same as on the text protocol.
final class MySQLPreparedStatement {
    private let mysql: UnsafeMutablePointer<MYSQL>
    private var statement: UnsafeMutablePointer<MYSQL_STMT>?

    /// Initial per-column fetch buffer; longer values are re-fetched at full length.
    private static let initialBufferSize = 256

    init(_ mysql: UnsafeMutablePointer<MYSQL>, _ sql: String) throws {
        self.mysql = mysql
        guard let statement = mysql_stmt_init(mysql) else { throw DBError(.clientError, "mysql_stmt_init failed") }
        self.statement = statement
        var text = sql
        let status = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { mysql_stmt_prepare(statement, $0.baseAddress, UInt($0.count)) }
        }
        if status != 0 {
            let error = statementError()
            close()
            throw error
        }
    }

    func close() {
        if let statement { mysql_stmt_close(statement) }
        statement = nil
    }

    func execute(_ parameters: [SQLValue], onColumns: (ColumnLayout) -> Void, _ body: (Row) throws -> Void) throws
        -> Int64
    {
        guard let statement else { throw DBError(.clientError, "statement is closed") }
        let expected = Int(mysql_stmt_param_count(statement))
        guard expected == parameters.count else {
            throw DBError(.clientError, "statement expects \(expected) parameters, got \(parameters.count)")
        }
        let parameterBinds = ParameterBinds(parameters)
        defer { parameterBinds.release() }
        if expected > 0, mysql_stmt_bind_param(statement, parameterBinds.binds) != 0 { throw statementError() }
        if mysql_stmt_execute(statement) != 0 { throw statementError() }

        guard let metadata = mysql_stmt_result_metadata(statement) else {
            let affected = mysql_stmt_affected_rows(statement)
            return affected == UInt64.max ? 0 : Int64(affected)
        }
        defer {
            mysql_free_result(metadata)
            mysql_stmt_free_result(statement)
        }
        let count = Int(mysql_num_fields(metadata))
        let fields = mysql_fetch_fields(metadata)!
        let layout = ColumnLayout(names: (0..<count).map { String(cString: fields[$0].name) })
        onColumns(layout)

        let results = ResultBinds(count: count, bufferSize: MySQLPreparedStatement.initialBufferSize)
        defer { results.release() }
        if mysql_stmt_bind_result(statement, results.binds) != 0 { throw statementError() }

        var rows: Int64 = 0
        var failure: Error?
        while true {
            let status = mysql_stmt_fetch(statement)
            if status == MYSQL_NO_DATA { break }
            if status == 1 { throw statementError() }
            guard failure == nil else { continue }  // keep reading: the protocol needs every row consumed
            var values: [String?] = []
            values.reserveCapacity(count)
            for column in 0..<count {
                if results.isNull[column] != 0 {
                    values.append(nil)
                    continue
                }
                let length = Int(results.lengths[column])
                if length <= results.bufferSize {
                    values.append(
                        String(
                            decoding: UnsafeRawBufferPointer(start: results.buffers[column], count: length),
                            as: UTF8.self))
                } else {
                    values.append(try fetchLongColumn(statement, column, length))
                }
            }
            do {
                try body(Row(layout: layout, values: values))
                rows += 1
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return rows
    }

    /// A value longer than the fetch buffer: fetch it again, whole, into its own buffer.
    private func fetchLongColumn(_ statement: UnsafeMutablePointer<MYSQL_STMT>, _ column: Int, _ length: Int) throws
        -> String
    {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: length, alignment: 8)
        defer { buffer.deallocate() }
        var bind = MYSQL_BIND()
        var fetchedLength: UInt = 0
        return try withUnsafeMutablePointer(to: &fetchedLength) { lengthPointer in
            bind.buffer_type = MYSQL_TYPE_STRING
            bind.buffer = buffer
            bind.buffer_length = UInt(length)
            bind.length = lengthPointer
            if mysql_stmt_fetch_column(statement, &bind, UInt32(column), 0) != 0 { throw statementError() }
            return String(
                decoding: UnsafeRawBufferPointer(start: buffer, count: min(length, Int(lengthPointer.pointee))),
                as: UTF8.self)
        }
    }

    private func statementError() -> DBError {
        guard let statement else { return DBError(.clientError, "statement is closed") }
        if mysql_stmt_errno(statement) == 0, mysql_errno(mysql) != 0 {
            // Some failures while fetching unbuffered rows (a lock wait timeout raised by the
            // server mid-result) are recorded on the connection, not on the statement.
            return MySQLConnection.makeError(
                Int(mysql_errno(mysql)), String(cString: mysql_error(mysql)),
                String(cString: mysql_sqlstate(mysql)))
        }
        return MySQLConnection.makeError(
            Int(mysql_stmt_errno(statement)),
            String(cString: mysql_stmt_error(statement)),
            String(cString: mysql_stmt_sqlstate(statement)))
    }
}

/// Parameter bindings with stable addresses for the duration of execute.
private final class ParameterBinds {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private var allocations: [UnsafeMutableRawPointer] = []
    private let count: Int

    init(_ parameters: [SQLValue]) {
        count = parameters.count
        binds = .allocate(capacity: max(1, count))
        binds.initialize(repeating: MYSQL_BIND(), count: max(1, count))
        for (i, parameter) in parameters.enumerated() {
            switch parameter {
            case .null:
                binds[i].buffer_type = MYSQL_TYPE_NULL
            case .int(let value):
                bindFixed(i, value, MYSQL_TYPE_LONGLONG)
            case .double(let value):
                bindFixed(i, value, MYSQL_TYPE_DOUBLE)
            case .bool(let value):
                bindFixed(i, Int8(value ? 1 : 0), MYSQL_TYPE_TINY)
            case .bytes(let bytes):
                bindBytes(i, bytes, MYSQL_TYPE_BLOB)
            case .text, .timestamp:
                bindBytes(i, Array((parameter.textForm ?? "").utf8), MYSQL_TYPE_STRING)
            }
        }
    }

    private func bindFixed<T>(_ i: Int, _ value: T, _ type: enum_field_types) {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: 8)
        memory.storeBytes(of: value, as: T.self)
        allocations.append(memory)
        binds[i].buffer_type = type
        binds[i].buffer = memory
    }

    private func bindBytes(_ i: Int, _ bytes: [UInt8], _ type: enum_field_types) {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 8)
        bytes.withUnsafeBytes { if !$0.isEmpty { memory.copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
        allocations.append(memory)
        binds[i].buffer_type = type
        binds[i].buffer = memory
        binds[i].buffer_length = UInt(bytes.count)
    }

    func release() {
        allocations.forEach { $0.deallocate() }
        binds.deinitialize(count: max(1, count))
        binds.deallocate()
    }
}

/// Result bindings: one text buffer, length and null flag per column.
private final class ResultBinds {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    let buffers: [UnsafeMutableRawPointer]
    let lengths: UnsafeMutablePointer<UInt>
    let isNull: UnsafeMutablePointer<my_bool>
    let errors: UnsafeMutablePointer<my_bool>
    let bufferSize: Int
    private let count: Int

    init(count: Int, bufferSize: Int) {
        self.count = count
        self.bufferSize = bufferSize
        binds = .allocate(capacity: max(1, count))
        binds.initialize(repeating: MYSQL_BIND(), count: max(1, count))
        lengths = .allocate(capacity: max(1, count))
        lengths.initialize(repeating: 0, count: max(1, count))
        isNull = .allocate(capacity: max(1, count))
        isNull.initialize(repeating: 0, count: max(1, count))
        errors = .allocate(capacity: max(1, count))
        errors.initialize(repeating: 0, count: max(1, count))
        buffers = (0..<count).map { _ in UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 8) }
        for i in 0..<count {
            binds[i].buffer_type = MYSQL_TYPE_STRING
            binds[i].buffer = buffers[i]
            binds[i].buffer_length = UInt(bufferSize)
            binds[i].length = lengths + i
            binds[i].is_null = isNull + i
            binds[i].error = errors + i
        }
    }

    func release() {
        buffers.forEach { $0.deallocate() }
        binds.deinitialize(count: max(1, count))
        binds.deallocate()
        lengths.deallocate()
        isNull.deallocate()
        errors.deallocate()
    }
}
