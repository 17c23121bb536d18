extension String {
    /// The string without the given ASCII bytes at either end. Foundation's
    /// trimmingCharacters(in:) goes through NSString and took a third of a slow log's
    /// reading time; slow logs and fingerprints trim only ASCII spaces, newlines and ';'.
    func trimmingASCII(_ bytes: [UInt8] = [0x20, 0x09, 0x0A, 0x0D]) -> String {
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { !bytes.contains($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !bytes.contains($0) })!
        if first == utf8.startIndex && utf8.index(after: last) == utf8.endIndex { return self }
        return String(self[first...last])
    }
}
