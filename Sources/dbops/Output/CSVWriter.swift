/// RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled.
struct CSVWriter {
    private(set) var text = ""

    init(header: [String]) { add(header) }

    mutating func add(_ fields: [String?]) {
        text +=
            fields.map { field in
                guard let field else { return "" }
                guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
                    return field
                }
                return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }.joined(separator: ",") + "\r\n"
    }
}
