import DBCore
import Foundation
import Health

/// Shell completion for the values dbops knows: target names from the config file the
/// command line (or DBOPS_CONFIG) names, and health check names.
/// `dbops --generate-completion-script bash|zsh|fish` writes the script.
enum Completions {
    @Sendable
    static func targets(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        var path = ProcessInfo.processInfo.environment["DBOPS_CONFIG"]
        for (i, argument) in arguments.enumerated() {
            if argument == "--config", i + 1 < arguments.count { path = arguments[i + 1] }
            if argument.hasPrefix("--config=") { path = String(argument.dropFirst("--config=".count)) }
        }
        guard let path, let file = try? ConfigFile(path: path) else { return [] }
        return file.targetNames.filter { $0.hasPrefix(prefix) }
    }

    /// Every check of both engines, once.
    static let checkNames: [String] = {
        var seen = Set<String>()
        return [Engine.postgres, .mysql].flatMap { HealthRunner.catalog(for: $0).map(\.name) }.filter {
            seen.insert($0).inserted
        }
    }()
}
