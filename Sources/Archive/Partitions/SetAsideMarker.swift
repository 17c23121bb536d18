import Foundation

/// The COMMENT that marks a MySQL table holding a retired partition's rows, naming the
/// table and partition they came from. The held table's name alone cannot say it:
/// `dbops_retired_events_archive_p2020` is partition archive_p2020 of events as well as
/// p2020 of events_archive, and a name past 64 characters is shortened with a digest.
struct SetAsideMarker: Codable, Equatable {
    static let lead = "dbops retention, dumped and dropped by dbops partitions: "

    let table: String
    let partition: String

    init(table: String, partition: String) {
        self.table = table
        self.partition = partition
    }

    /// The marker a table's comment holds, or nil when it holds none (a table an earlier
    /// dbops set aside, or one created and not yet marked when its run was killed).
    init?(comment: String) {
        guard comment.hasPrefix(Self.lead),
            let marker = try? JSONDecoder().decode(Self.self, from: Data(comment.dropFirst(Self.lead.count).utf8))
        else { return nil }
        self = marker
    }

    /// JSON keeps any character of either name unambiguous; at most 64 characters each,
    /// it stays well within MySQL's 2048-character table comment.
    var comment: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Self.lead + String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
