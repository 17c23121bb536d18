import Foundation
import PackagePlugin

/// Compiles every `queries/**/*.sql` file of the package into the target as string
/// literals, so the binary carries its SQL and needs no files next to it.
@main
struct EmbedQueries: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let queriesDir = context.package.directoryURL.appendingPathComponent("queries")
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedQueries.swift")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: queriesDir, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where url.pathExtension == "sql" {
                inputs.append(url)
            }
        }
        inputs.sort { $0.path < $1.path }
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) SQL files from queries/",
                executable: try context.tool(named: "QueryEmbedder").url,
                arguments: [queriesDir.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
