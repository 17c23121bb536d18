import DBCore
import Foundation

/// Runs `dbops health`: connect, then every selected check on one read-only session with
/// short timeouts. It never throws: a server that cannot be reached is a CRITICAL report.
public enum HealthRunner {
    public struct CheckInfo: Sendable {
        public let name: String
        public let help: String
        public let defaults: Thresholds
    }

    /// The checks available on an engine, in the order they run ("connection" first), the
    /// operator's own last.
    public static func catalog(for engine: Engine, custom: [CustomCheck] = []) -> [CheckInfo] {
        [
            CheckInfo(
                name: "connection",
                help: "Round-trip latency of a trivial query, in milliseconds (connect time and version in details).",
                defaults: connectionDefaults)
        ]
            + definitions(for: engine, custom: custom).map {
                CheckInfo(name: $0.name, help: $0.help, defaults: $0.defaults)
            }
    }

    static let connectionDefaults = Thresholds(warning: 100, critical: 1000)

    static func definitions(for engine: Engine, custom: [CustomCheck] = []) -> [CheckDefinition] {
        engine.checks.all + custom.map(\.definition)
    }

    /// Names of `requested` that are not checks of `engine`.
    public static func unknownChecks(_ requested: [String], engine: Engine, custom: [CustomCheck] = []) -> [String] {
        let known = Set(catalog(for: engine, custom: custom).map(\.name))
        return requested.filter { !known.contains($0) }
    }

    public static func run(_ target: ConnectionConfig, options: HealthOptions) -> HealthReport {
        let startedAt = Date()
        let clock = Stopwatch()
        var config = target
        // Client-side guard on top of the server's statement timeout: a frozen server
        // must not hang a monitoring run.
        config.replyTimeout = (options.session.statementTimeout ?? 5) + 2
        let connectionLimits = options.thresholds["connection"] ?? connectionDefaults

        let connection: DatabaseConnection
        do {
            connection = try Database.connect(config)
        } catch {
            let failure = CheckResult(
                name: "connection", status: .critical,
                summary: "cannot connect: \(describe(error))", thresholds: connectionLimits)
            var report = HealthReport(
                target: target.redacted, engine: target.engine, server: nil, startedAt: startedAt,
                durationMilliseconds: clock.milliseconds, checks: [failure])
            report.unanswered = DBError.isUnanswered(error)
            return report
        }
        defer { connection.close() }
        let connectMilliseconds = clock.milliseconds
        var results: [CheckResult] = []

        do {
            try connection.apply(options.session)
            results.append(
                try connectionCheck(connection, connectMilliseconds: connectMilliseconds, limits: connectionLimits))
        } catch {
            results.append(
                CheckResult(
                    name: "connection", status: .critical,
                    summary: "connected, but the session failed: \(describe(error))",
                    thresholds: connectionLimits))
            var report = HealthReport(
                target: target.redacted, engine: target.engine, server: connection.server,
                startedAt: startedAt, durationMilliseconds: clock.milliseconds, checks: results)
            report.unanswered = DBError.isUnanswered(error)
            return report
        }

        let selected = Set(options.checks)
        let shared = SharedReadings(connection: connection)
        for definition in definitions(for: target.engine, custom: options.custom)
        where (selected.isEmpty || selected.contains(definition.name)) && options.scopes.contains(definition.scope) {
            let limits = options.thresholds[definition.name] ?? definition.defaults
            if connection.isBroken {
                results.append(
                    CheckResult(
                        name: definition.name, status: .unknown,
                        summary: "not run: the connection to the server was lost", thresholds: limits))
                continue
            }
            let context = CheckContext(connection: connection, thresholds: limits, options: options, shared: shared)
            results.append(run(definition, context))
        }
        if connection.isBroken, let index = results.firstIndex(where: { $0.name == "connection" }) {
            results[index].status = .critical
            results[index].summary = "the connection was lost during the run"
        }
        var report = HealthReport(
            target: target.redacted, engine: target.engine, server: connection.server,
            startedAt: startedAt, durationMilliseconds: clock.milliseconds, checks: results)
        report.unanswered = connection.isBroken
        return report
    }

    private static func connectionCheck(
        _ connection: DatabaseConnection, connectMilliseconds: Double,
        limits: Thresholds
    ) throws -> CheckResult {
        // Best of three round trips: one slow packet should not page anyone.
        var best = Double.infinity
        for _ in 0..<3 {
            let clock = Stopwatch()
            _ = try connection.named(.healthPing)
            best = min(best, clock.milliseconds)
        }
        let latency = (best * 100).rounded() / 100
        return CheckResult(
            name: "connection", status: limits.evaluate(latency),
            summary:
                "\(Format.milliseconds(latency)) round trip; connected in \(Format.milliseconds(connectMilliseconds)) to \(connection.server.description)",
            value: latency, unit: "ms", thresholds: limits,
            details: [
                [
                    "connect_ms": .number((connectMilliseconds * 100).rounded() / 100),
                    "server_version": .string(connection.server.version),
                    "flavor": .string(connection.server.flavor.rawValue),
                ]
            ],
            metrics: ["connect_ms": connectMilliseconds])
    }

    private static func run(_ definition: CheckDefinition, _ context: CheckContext) -> CheckResult {
        do {
            let m = try definition.measure(context)
            let byValue = context.thresholds.evaluate(m.value)
            let status = [byValue, m.status ?? .ok].max(by: { $0.severity < $1.severity })!
            return CheckResult(
                name: definition.name, status: status, summary: m.summary, value: m.value, unit: m.unit,
                thresholds: context.thresholds, details: m.details, metrics: m.metrics)
        } catch {
            return CheckResult(
                name: definition.name, status: .unknown, summary: unknownReason(error, context.connection),
                thresholds: context.thresholds)
        }
    }

    /// Why a check could not run, with what to do about it.
    static func unknownReason(_ error: Error, _ connection: DatabaseConnection) -> String {
        guard let db = error as? DBError else { return describe(error) }
        switch db.code {
        case .permissionDenied:
            let grant = connection.engine.checks.privilegeGrant(
                for: connection.config.user ?? "<user>", refused: db.message)
            return "missing privilege: \(db.message); grant it with: \(grant)"
        case .timeout:
            return "timed out (the statement timeout keeps health from loading the server): \(db.message)"
        case .undefinedObject where db.message.lowercased().contains("performance_schema"):
            return
                "\(db.message); performance_schema is OFF: set performance_schema=ON in the server configuration (needs a restart)"
        default:
            return db.description
        }
    }

    static func describe(_ error: Error) -> String {
        (error as? DBError)?.description ?? String(describing: error)
    }
}
