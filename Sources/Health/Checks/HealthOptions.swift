import Analytics
import DBCore
import Foundation

/// What to run and how.
public struct HealthOptions: Sendable {
    /// Checks to run; empty means all that apply to the engine.
    public var checks: [String]
    /// Per-check threshold overrides (merged over the defaults).
    public var thresholds: [String: Thresholds]
    /// Session limits: health must never block or load the server.
    public var session: SessionSettings
    /// How many tables the size check lists.
    public var largestTables: Int
    /// Which checks run by what they read: a fleet's member for a server runs the server's,
    /// each of its databases its own.
    public var scopes = Set(CheckScope.allCases)
    /// The operator's own checks for this engine, run after the built-in ones.
    public var custom: [CustomCheck] = []
    /// Galera: the nodes the cluster should have; fewer is a WARNING.
    public var galeraClusterSize: Int?
    /// Where counters are kept between runs, so flow control is judged since the previous
    /// run rather than since the node started (CounterSnapshot).
    public var snapshotFile: String?
    /// Analytics profiles from the config file, tried before the built-in ones to find an
    /// application's work queue (queue checks).
    public var profiles: [AnalyticsProfile] = []
    /// How far back queue_failed_share looks, in seconds.
    public var queueWindow: Double = 3600

    public init(
        checks: [String] = [], thresholds: [String: Thresholds] = [:],
        session: SessionSettings = SessionSettings(
            statementTimeout: 3, lockTimeout: 1, readOnly: true, allRows: true, catalogOnly: true),
        largestTables: Int = 5
    ) {
        self.checks = checks
        self.thresholds = thresholds
        self.session = session
        self.largestTables = largestTables
    }
}
