import DBCore
import Foundation

/// Decides which server a command talks to, and with which password, from (in order):
/// --url, --target (config file), DBOPS_URL, DATABASE_URL. Passwords come from the URL
/// only when the URL itself came from the environment or the config's url_env; otherwise
/// from --password-file / password_file, or from libpq's and MariaDB's own sources.
struct ResolvedTarget {
    var config: ConnectionConfig
    /// A name for labels and messages: the config target's name, else the redacted URL.
    var label: String
    var targetName: String?
}
