import ArgumentParser

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// nagios: one plugin status line with performance data (health only).
    case text, json, prometheus, csv, nagios
}
