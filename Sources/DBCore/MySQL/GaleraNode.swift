import Foundation

/// Whether a MySQL/MariaDB server runs the wsrep (Galera) provider: health then reads the
/// cluster's state, backup leaves the node synced unless asked, maintenance may throttle on
/// flow control. One answer for all of them.
public enum GaleraNode {
    public static func isOn(_ connection: DatabaseConnection) -> Bool {
        // A server built without wsrep (MySQL) has no such variable, and PostgreSQL no such
        // statement: not a Galera node.
        guard let on = (try? connection.named(.galeraWsrepOn))?.first?["wsrep_on"] else { return false }
        return on == "1" || on.uppercased() == "ON"
    }
}
