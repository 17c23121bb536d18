import DBCore

/// How long each partition covers.
public enum PartitionInterval: String, Sendable, Codable, CaseIterable {
    case yearly, monthly

    /// The start of the period holding `wall` (wall-clock time).
    func start(of wall: CivilTime) -> CivilTime {
        CivilTime(year: wall.year, month: self == .yearly ? 1 : wall.month, day: 1)
    }

    func next(_ start: CivilTime) -> CivilTime {
        switch self {
        case .yearly: return CivilTime(year: start.year + 1, month: 1, day: 1)
        case .monthly: return start.month == 12 ? CivilTime(year: start.year + 1, month: 1, day: 1) : CivilTime(year: start.year, month: start.month + 1, day: 1)
        }
    }

    /// "2027" or "2027_03": the suffix of a new partition's name (api_usage_2027, p2027).
    func suffix(_ start: CivilTime) -> String {
        self == .yearly ? String(format: "%04d", start.year) : String(format: "%04d_%02d", start.year, start.month)
    }
}

/// One range-partitioned table to keep ahead of time.
public struct PartitionRule: Sendable, Codable, Equatable {
    public var name: String
    public var schema: String?
    public var table: String
    /// The time column the table is (or should be) partitioned on, for advice when it is not.
    public var column: String?
    public var interval: PartitionInterval
    /// Partitions to have ready after the current one.
    public var premake: Int
    /// Zone whose midnights bound the periods of a timestamptz key (default: the server's
    /// TimeZone setting). Keys without a zone are wall-clock time already.
    public var timeZone: String?
    /// Partitions wholly older than this are dumped and dropped (nil: kept for ever).
    public var retention: PartitionRetention?

    public init(name: String, schema: String? = nil, table: String, column: String? = nil, interval: PartitionInterval = .yearly,
                premake: Int = 2, timeZone: String? = nil, retention: PartitionRetention? = nil) {
        self.name = name
        self.schema = schema
        self.table = table
        self.column = column
        self.interval = interval
        self.premake = premake
        self.timeZone = timeZone
        self.retention = retention
    }
}

/// The applications' partitioned tables, as their documents create them.
public enum BuiltInPartitionRules {
    public static let all: [(application: String, detect: [String], rules: [PartitionRule])] = [
        // InfiniteStories creates api_usage_2024, api_usage_2025 ... by hand.
        ("infinitestories", ["api_usage"], [PartitionRule(name: "infinitestories.api_usage", table: "api_usage", column: "created_at")]),
        ("storyboardai", ["audit_log", "projects"], [PartitionRule(name: "storyboardai.audit_log", table: "audit_log", column: "created_at")]),
    ]

    public static func rules(present: Set<String>) -> [PartitionRule] {
        all.filter { $0.detect.allSatisfy(present.contains) }.flatMap(\.rules)
    }
}

/// What `dbops partitions` found and did for one table.
public struct PartitionTableReport: Sendable, Codable {
    public struct Partition: Sendable, Codable, Equatable {
        public var name: String
        /// Wall-clock bounds ("2026-01-01 00:00:00"); nil for an open end.
        public var from: String?
        public var to: String?
        public var isDefault: Bool

        enum CodingKeys: String, CodingKey {
            case name, from, to
            case isDefault = "default"
        }
    }

    public var rule: String
    public var table: String
    public var partitioned: Bool
    public var interval: PartitionInterval
    public var premake: Int
    public var partitions: [Partition] = []
    /// Partitions starting after the current period.
    public var future = 0
    /// The current period has a partition of its own.
    public var currentCovered = false
    public var created: [String] = []
    /// The default (PostgreSQL) or MAXVALUE (MySQL) partition and the rows it holds.
    public var catchAll: String?
    public var catchAllRows: Int64?
    /// Statements run (or, with --dry-run, that would run).
    public var statements: [String] = []
    /// What stands in the way (not partitioned, rows in the way, unsupported key...).
    public var problems: [String] = []
    public var status: String = "ok"
    /// Retention ("2 years"), when the rule has one.
    public var retention: String?
    /// Partitions past retention still in the table (--check and --dry-run list them).
    public var due: [String] = []
    /// Partitions this run dumped and dropped.
    public var retired: [RetiredPartition] = []

    enum CodingKeys: String, CodingKey {
        case rule, table, partitioned, interval, premake, partitions, future, created, statements, problems, status
        case retention, due, retired
        case currentCovered = "current_covered", catchAll = "catch_all", catchAllRows = "catch_all_rows"
    }
}

/// A partition past retention, dumped to a verified file and dropped.
public struct RetiredPartition: Sendable, Codable, Equatable {
    /// The partition's name in the table.
    public var partition: String
    /// The table its rows were held in while dumped (and the name it has in the file).
    public var heldIn: String
    public var rows: Int64
    /// The backup-format directory holding them (`dbops verify` / `dbops restore` it).
    public var file: String

    enum CodingKeys: String, CodingKey {
        case partition, rows, file
        case heldIn = "held_in"
    }
}

public struct PartitionReport: Sendable, Codable {
    public var schema = "dbops.partitions/v1"
    public var target: String
    public var database: String
    /// premake, check or dry_run.
    public var mode: String
    /// ok, warning or critical: fewer future partitions than asked for, or none.
    public var status: String
    public var tables: [PartitionTableReport]
    public var seconds: Double
}
