import DBCore
import Foundation

/// One statement of a MySQL/MariaDB slow query log.
struct SlowLogEntry {
    var time: String?
    var user: String?
    var database: String?
    var queryTime: Double = 0
    var lockTime: Double = 0
    var rowsSent: Int64 = 0
    var rowsExamined: Int64 = 0
    var text: String = ""
}
