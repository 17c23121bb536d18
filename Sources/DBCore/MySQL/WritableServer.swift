/// Writes dbops would make on a MySQL/MariaDB replica — a cleanup's deletes, an archive's
/// moves, new partitions, a restore's tables — would be that server's alone: the source
/// still has the rows, and replication stops at its next change to them ("Can't find
/// record", "table exists"). dbops' account often holds the privilege that passes
/// read_only (SUPER, READ_ONLY ADMIN), so the server would not refuse them itself; a cron
/// line left on a host after a failover would go on writing there. A server marked
/// read_only is refused likewise. PostgreSQL's standbys refuse every write on their own.
public enum WritableServer {
    public static func require(_ connection: DatabaseConnection, for job: String) throws {
        guard connection.engine == .mysql else { return }
        // Without the privilege to read it (REPLICATION CLIENT, SLAVE MONITOR) the role is
        // not known, and the job goes on as before.
        if let status = (try? connection.named(.healthReplicaStatus))?.first {
            let host = status["Master_Host"] ?? status["Source_Host"] ?? "?"
            let port = status["Master_Port"] ?? status["Source_Port"] ?? "?"
            throw DBError(
                .clientError,
                "\(job) refused: this server is a replica (of \(host):\(port)); what dbops wrote here would be on it alone, and replication would stop at the source's next change to those rows: run it against the source"
            )
        }
        // The server settings health reads (read_only among them), name then value.
        let variables = (try? connection.named(.healthVariables))?.rows ?? []
        if variables.contains(where: { $0[0]?.lowercased() == "read_only" && $0[1]?.uppercased() == "ON" }) {
            throw DBError(
                .clientError,
                "\(job) refused: this server is read_only, which marks a server that should take no writes (a replica, or a primary being switched over); run it against the primary"
            )
        }
    }
}
