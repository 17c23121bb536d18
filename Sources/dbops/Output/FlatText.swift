/// Text made of data — a table or schema name in a note or an error, a statement in a
/// cell — printed on one line: a newline or an escape sequence in a name must not break
/// the output's lines or reach the terminal, so every control character is a space.
enum FlatText {
    static func line(_ text: String) -> String {
        // Control characters are C0 (below 0x20), DEL and C1 (U+0080-U+009F, UTF-8 0xC2
        // 0x80-0x9F): a byte scan finds whether there are any, cheaply.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }),
            text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return text }
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
