import DBCore
import Foundation

/// The SQL the statement sources share.
enum StatementSources {

    static func sql(_ name: QueryName, _ connection: DatabaseConnection, schema: String? = nil) throws -> String {
        let text = try QueryCatalog.shared.sql(name, server: connection.server)
        return schema.map { text.replacingOccurrences(of: "{schema}", with: $0) } ?? text
    }

}
