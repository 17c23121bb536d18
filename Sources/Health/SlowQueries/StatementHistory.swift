import DBCore
import Foundation

/// Statement statistics for `dbops snapshot`: what ran since the previous snapshot, from the
/// server's cumulative counters (pg_stat_statements, performance_schema digests), so no
/// statistics reset is ever needed. The caller keeps `state` (the counters as read) and
/// hands it back next time; resets, restarts and evicted entries are found as slow-queries
/// --snapshot finds them (StatementWindow).
public enum StatementHistory {
    /// One statement's work between two snapshots.
    public struct Delta: Codable, Sendable, Equatable {
        public var id: String
        public var database: String?
        public var calls: Int64
        public var totalMs: Double
        public var rows: Int64
        /// Present when the caller did not know the text yet.
        public var query: String?

        public init(id: String, database: String?, calls: Int64, totalMs: Double, rows: Int64, query: String?) {
            self.id = id
            self.database = database
            self.calls = calls
            self.totalMs = totalMs
            self.rows = rows
            self.query = query
        }
    }

    public struct Reading: Sendable {
        public var deltas: [Delta]
        /// The cumulative counters to hand back with the next reading.
        public var state: Data
        /// "delta" since the previous state, or "cumulative" (first reading, reset, restart).
        public var mode: String
        public var notes: [String]
    }

    /// Reads the counters on `connection` and turns them into what ran since `previous`.
    /// Texts are fetched for statements not in `knownTexts` only.
    public static func read(
        _ connection: DatabaseConnection, previous: Data?, knownTexts: Set<String>, label: String
    ) throws -> Reading {
        let source = connection.engine.statements
        var options = SlowQueryOptions()
        options.allDatabases = false
        let (current, schema) = try source.read(connection, options: options, target: label)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let before = previous.flatMap { try? decoder.decode(StatementSnapshot.self, from: $0) }
        let window = StatementWindow.compute(current: current, previous: before?.target == label ? before : nil)
        var texts: [String: String] = [:]
        for counter in window.statements { if let query = counter.query { texts[counter.id] = query } }
        let unknown = window.statements.map(\.id).filter { texts[$0] == nil && !knownTexts.contains($0) }
        if let schema, !unknown.isEmpty {
            texts.merge(try source.texts(connection, schema: schema, ids: unknown)) { $1 }
        }
        // One entry per statement: the same text run by several users is one series.
        var byID: [String: Delta] = [:]
        var order: [String] = []
        for counter in window.statements {
            if var seen = byID[counter.id] {
                seen.calls += counter.calls
                seen.totalMs += counter.totalMs
                seen.rows += counter.rows
                byID[counter.id] = seen
            } else {
                order.append(counter.id)
                byID[counter.id] = Delta(
                    id: counter.id, database: counter.database, calls: counter.calls, totalMs: counter.totalMs,
                    rows: counter.rows, query: knownTexts.contains(counter.id) ? nil : texts[counter.id])
            }
        }
        let deltas = order.compactMap { byID[$0] }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        // Texts are stored once by the caller, not in every state.
        var stored = current
        for i in stored.counters.indices { stored.counters[i].query = nil }
        return Reading(
            deltas: deltas, state: try encoder.encode(stored), mode: window.window.mode, notes: window.notes)
    }
}
