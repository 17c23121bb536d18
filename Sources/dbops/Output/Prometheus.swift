import Foundation

/// Text exposition format (for node_exporter's textfile collector): HELP and TYPE once
/// per metric family, label values escaped.
struct PrometheusWriter {
    private var families: [String] = []
    private var samples: [String: [String]] = [:]
    private var help: [String: (String, String)] = [:]

    mutating func gauge(_ name: String, _ helpText: String, labels: [(String, String)] = [], value: Double) {
        add(name, helpText, type: "gauge", labels: labels, value: value)
    }

    mutating func counter(_ name: String, _ helpText: String, labels: [(String, String)] = [], value: Double) {
        add(name, helpText, type: "counter", labels: labels, value: value)
    }

    private mutating func add(
        _ name: String, _ helpText: String, type: String, labels: [(String, String)], value: Double
    ) {
        if help[name] == nil {
            families.append(name)
            help[name] = (helpText, type)
        }
        let labelText =
            labels.isEmpty
            ? "" : "{" + labels.map { "\($0.0)=\"\(PrometheusSample.escape($0.1))\"" }.joined(separator: ",") + "}"
        samples[name, default: []].append("\(name)\(labelText) \(format(value))")
    }

    func render() -> String {
        var out = ""
        for name in families {
            let (text, type) = help[name]!
            out += "# HELP \(name) \(text)\n# TYPE \(name) \(type)\n"
            out += samples[name]!.joined(separator: "\n") + "\n"
        }
        return out
    }

    private func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
