import ArgumentParser
import Foundation

/// dbops-datagen: deterministic sample data for the five applications.
///
/// Writes one tab-separated file per table into --out (NN_table.tsv plus NN_table.columns
/// with its column list), in an order that satisfies foreign keys. The same --seed,
/// --scale and --anchor give the same rows, byte for byte, on every machine; shared
/// tables (StoryboardAI, InfiniteStories' api_usage, rate_limits, cache_entries) hold the
/// same rows for both engines.
@main
struct DataGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dbops-datagen",
        abstract: "Generate sample data for the five applications.")

    static let apps: [String: (engines: [TargetEngine], generate: (Context) throws -> Void)] = [
        "infinitestories": ([.postgres, .mysql], InfiniteStories.generate),
        "character_creation": ([.postgres], CharacterCreation.generate),
        "storyboardai": ([.postgres, .mysql], StoryboardAI.generate),
        "scriptpal": ([.mysql], ScriptPal.generate),
        "ai_smartlite": ([.mysql], AISmartlite.generate),
    ]

    @Option(help: "infinitestories, character_creation, storyboardai, scriptpal or ai_smartlite.")
    var app: String

    @Option(help: "postgres or mysql.")
    var engine: String

    @Option(help: "Scale factor: 1 is a few hundred thousand rows in all; 100 is tens of millions.")
    var scale: Double = 1

    @Option(help: "Random seed.")
    var seed: UInt64 = 42

    @Option(help: "The dataset's 'now' as YYYY-MM-DD or YYYY-MM-DDTHH (UTC). Default: the current hour.")
    var anchor: String?

    @Option(help: "Directory for the .tsv and .columns files (created).")
    var out: String

    @Option(
        help: "Write only these tables (comma-separated, e.g. auth.users,api_usage); the rows are those of a full run.")
    var tables: String?

    func run() throws {
        guard let target = TargetEngine(rawValue: engine) else {
            throw ValidationError("--engine must be postgres or mysql")
        }
        guard let entry = Self.apps[app] else {
            throw ValidationError("--app must be one of \(Self.apps.keys.sorted().joined(separator: ", "))")
        }
        guard entry.engines.contains(target) else { throw ValidationError("\(app) has no \(engine) fixture") }
        guard scale > 0 else { throw ValidationError("--scale must be positive") }
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let context = Context(
            engine: target, scale: scale, seed: seed, anchor: try anchorMicros(), directory: directory,
            tables: tables.map { Set($0.split(separator: ",").map(String.init)) })
        try entry.generate(context)
        for (table, rows) in context.finish() {
            FileHandle.standardError.write(Data("  \(app).\(table): \(rows) rows\n".utf8))
        }
    }

    private func anchorMicros() throws -> Int64 {
        let hour: Int64 = 3_600_000_000
        guard let anchor else {
            let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
            return now / hour * hour
        }
        let parts = anchor.split(whereSeparator: { $0 == "-" || $0 == "T" }).compactMap { Int($0) }
        guard parts.count >= 3 else { throw ValidationError("--anchor must be YYYY-MM-DD or YYYY-MM-DDTHH") }
        let days = Int64(daysFromCivil(parts[0], parts[1], parts[2]))
        return days * 86_400_000_000 + Int64(parts.count > 3 ? parts[3] : 0) * hour
    }
}
