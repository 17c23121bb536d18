import ArgumentParser
import Foundation

struct ConfigKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract:
            "Every key the config file may hold, section by section, with its type, default and meaning (Markdown).")

    func run() throws {
        StandardStreams.out(ConfigSchema.markdown())
    }
}
