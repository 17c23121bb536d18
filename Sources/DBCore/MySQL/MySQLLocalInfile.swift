import CMariaDB
import Foundation

/// Supplies the bytes of a `LOAD DATA LOCAL INFILE` from memory: `read` fills the buffer
/// and returns the byte count, 0 at the end.
public final class LocalInfileSource {
    let read: (UnsafeMutableRawBufferPointer) throws -> Int
    var failure: Error?
    /// Tells the connection's stall watchdog that the load moves.
    var onRead: (() -> Void)?

    public init(_ read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) { self.read = read }
}

extension MySQLConnection {
    /// Runs a `LOAD DATA LOCAL INFILE` statement whose file is `source`. The file name in
    /// the statement is ignored: the server's request for it is answered from memory.
    /// Returns (rows loaded, warnings).
    public func loadLocalData(_ sql: String, from source: LocalInfileSource) throws -> (rows: Int64, warnings: Int) {
        guard let mysql = rawHandle, !isBroken else { throw DBError(.connectionLost, "the connection is closed") }
        source.onRead = { [weak self] in self?.noteProgress() }
        defer { source.onRead = nil }
        let context = Unmanaged.passRetained(source)
        defer { context.release() }
        mysql_set_local_infile_handler(
            mysql,
            { pointer, _, userdata in
                // The file name the server sends is ignored on purpose.
                pointer?.pointee = userdata
                return 0
            },
            { pointer, buffer, length in
                let source = Unmanaged<LocalInfileSource>.fromOpaque(pointer!).takeUnretainedValue()
                do {
                    source.onRead?()
                    return Int32(try source.read(UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))))
                } catch {
                    source.failure = error
                    return -1
                }
            }, { _ in },
            { pointer, message, length in
                let source = Unmanaged<LocalInfileSource>.fromOpaque(pointer!).takeUnretainedValue()
                let text = Array(
                    (source.failure.map { DBError.oneLineDescription(of: $0) } ?? "read failed").utf8.prefix(
                        Int(length) - 1))
                guard let message else { return 2000 }
                for (i, byte) in text.enumerated() { message[i] = CChar(bitPattern: byte) }
                message[text.count] = 0
                return 2000
            }, context.toOpaque())
        defer { mysql_set_local_infile_default(mysql) }
        do {
            let rows = try execute(sql)
            if let failure = source.failure { throw failure }
            return (rows, Int(mysql_warning_count(mysql)))
        } catch {
            if let failure = source.failure { throw failure }
            throw error
        }
    }
}
