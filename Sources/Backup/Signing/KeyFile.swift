import DBCore
import Foundation

/// The one-line key file format.
enum KeyFile {
    static func read(_ path: String, tag: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DBError(.invalidTarget, "cannot read key file \(path)")
        }
        let words = String(decoding: data.prefix(4096), as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard words.count == 2, words[0] == tag, let raw = Data(base64Encoded: String(words[1])), raw.count == 32
        else {
            let other = words.first.map(String.init) ?? "nothing"
            throw DBError(.invalidTarget, "key file \(path) is not a \(tag) key (it starts with \(other.prefix(40)))")
        }
        return raw
    }
}
