/// A work queue kept in a table: each row arrives (`created`), may start (`started`) and
/// end (`finished`), and carries a status naming where it is. Character Creation's
/// generations ("Generation queue processing (status, created_at)"). Every name is an
/// identifier, quoted when placed in SQL; statuses are bound values.
public struct QueueSource: Sendable, Codable, Equatable {
    public var schema: String?
    public var table: String
    /// When the row entered the queue (also the report's range column).
    public var created: String
    /// When work on it began (waiting ends here).
    public var started: String
    /// When it ended, done or failed.
    public var finished: String
    public var status: String
    /// Statuses of rows still waiting, being worked on, and ended in failure; any other
    /// status is done.
    public var waiting: [String]
    public var running: [String]
    public var failed: [String]
    /// Dimension name -> column, for wait and run time and the failure share.
    public var dimensions: [String: String]
    public var defaultDimension: String?

    public init(
        schema: String? = nil, table: String, created: String, started: String, finished: String, status: String,
        waiting: [String], running: [String], failed: [String], dimensions: [String: String] = [:],
        defaultDimension: String? = nil
    ) {
        self.schema = schema
        self.table = table
        self.created = created
        self.started = started
        self.finished = finished
        self.status = status
        self.waiting = waiting
        self.running = running
        self.failed = failed
        self.dimensions = dimensions
        self.defaultDimension = defaultDimension
    }

    /// The source the shared report machinery reads: the table, its arrival time, the dimensions.
    var metricSource: MetricSource {
        MetricSource(
            schema: schema, table: table, time: created, dimensions: dimensions, defaultDimension: defaultDimension)
    }
}
