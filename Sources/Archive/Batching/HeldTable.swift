/// A table another session holds exclusively (a migration's ALTER, a REINDEX, a VACUUM
/// truncating it): what a maintenance job that gave up at its lock timeout was waiting for.
struct HeldTable: Equatable {
    var schema: String
    var table: String
    /// Schema and table as SQL names, for messages.
    var name: String

    /// Whether this is `table` in `schema` (nil: whichever schema the session resolves).
    func names(_ table: String, in schema: String?) -> Bool {
        self.table == table && (schema == nil || self.schema == schema)
    }
}
