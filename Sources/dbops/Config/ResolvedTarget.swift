import DBCore
import Foundation

/// Decides which server a command talks to, and with which password, from (in order):
/// --url, --target (config file), DBOPS_URL, DATABASE_URL. Passwords come from the URL
/// only when the URL itself came from the environment or the config's url_env; otherwise
/// from --password-file / password_file, or from libpq's and MariaDB's own sources.
struct ResolvedTarget {
    var config: ConnectionConfig
    /// A name for labels and messages: the config target's name, else the redacted URL,
    /// and a fleet's database name after it. Names are data: a line break or an escape in
    /// one would split or colour every line that shows it, so control characters become
    /// spaces here, once.
    var label: String {
        get { flatLabel }
        set { flatLabel = FlatText.line(newValue) }
    }
    private var flatLabel: String
    var targetName: String?

    init(config: ConnectionConfig, label: String, targetName: String?) {
        self.config = config
        flatLabel = FlatText.line(label)
        self.targetName = targetName
    }
}
