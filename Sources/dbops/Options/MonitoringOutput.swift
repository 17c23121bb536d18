import ArgumentParser

/// `--output FILE` on the commands whose output monitoring reads (see MonitoringFile).
struct MonitoringOutput: ParsableArguments {
    @Option(
        name: .customLong("output"),
        help: ArgumentHelp(
            "Write the output to this file, replaced whole (temporary file, fsync, rename) — for node_exporter's textfile collector.",
            valueName: "file"))
    var file: String?
}
