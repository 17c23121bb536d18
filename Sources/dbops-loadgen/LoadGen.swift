import ArgumentParser
import DBCore
import Foundation

/// dbops-loadgen: plays the application while a maintenance job runs. Runs one statement
/// over and over, each in its own transaction (autocommit), with a key drawn at random from
/// KEY_PREFIX1 .. KEY_PREFIXN bound to its single parameter, until SIGTERM/SIGINT or
/// --seconds; then prints how many writes it made, how many failed, and the slowest ones,
/// as JSON. Its session waits at most --lock-timeout for a lock, like an application with
/// a request deadline.
@main
struct LoadGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dbops-loadgen",
        abstract: "Timed application writes for the maintenance benchmarks.")

    @Option(help: "Environment variable holding the target URL.")
    var urlEnv = "DBOPS_URL"

    @Option(help: "The statement, with one parameter ($1 or ?): the key.")
    var sql: String

    @Option(help: "Keys are this prefix followed by a number from 1 to --keys.")
    var keyPrefix = ""

    @Option(help: "How many keys.")
    var keys = 1_000_000

    @Option(help: "Writes per second (0: as fast as possible).")
    var rate = 200.0

    @Option(help: "Stop after this many seconds (0: at SIGTERM).")
    var seconds = 0.0

    @Option(help: "Longest a write may wait for a lock, in seconds.")
    var lockTimeout = 5.0

    func run() throws {
        guard let url = ProcessInfo.processInfo.environment[urlEnv] else {
            throw ValidationError("\(urlEnv) is not set")
        }
        Database.initializeLibraries()
        let connection = try Database.connect(try ConnectionURL.parse(url))
        defer { connection.close() }
        try connection.apply(SessionSettings(statementTimeout: 60, lockTimeout: lockTimeout))
        signal(SIGTERM) { _ in LoadGen.stop = 1 }
        signal(SIGINT) { _ in LoadGen.stop = 1 }
        var latencies: [Double] = []
        var errors: [String: Int] = [:]
        let started = Stopwatch()
        var generator = SystemRandomNumberGenerator()
        while LoadGen.stop == 0 && (seconds == 0 || started.seconds < seconds) {
            let key = keyPrefix + String(Int.random(in: 1...keys, using: &generator))
            let clock = Stopwatch()
            do {
                try connection.execute(sql, [keyPrefix.isEmpty ? .int(Int64(key)!) : .text(key)])
            } catch {
                errors[DBError.oneLineDescription(of: error).prefix(80).description, default: 0] += 1
                if connection.isBroken { break }
            }
            latencies.append(clock.milliseconds)
            if rate > 0 {
                let next = Double(latencies.count) / rate
                if next > started.seconds { Thread.sleep(forTimeInterval: next - started.seconds) }
            }
        }
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
        }
        let summary: [String: Any] = [
            "writes": latencies.count, "errors": errors.values.reduce(0, +), "error_kinds": errors,
            "max_ms": (sorted.last ?? 0).rounded(toPlaces: 2), "p99_ms": percentile(0.99).rounded(toPlaces: 2),
            "p50_ms": percentile(0.5).rounded(toPlaces: 2), "seconds": started.seconds.rounded(toPlaces: 2),
        ]
        let data = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    nonisolated(unsafe) static var stop: sig_atomic_t = 0
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let factor = pow(10, Double(places))
        return (self * factor).rounded() / factor
    }
}
