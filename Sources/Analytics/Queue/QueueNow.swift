import Foundation

/// The queue at the moment of the report: rows waiting and being worked on.
public struct QueueNow: Sendable, Codable, Equatable {
    public struct Status: Sendable, Codable, Equatable {
        public var status: String
        /// "waiting" or "running".
        public var state: String
        public var rows: Int64
        /// How long ago the oldest row of this status arrived.
        public var oldestAgeSeconds: Double?

        enum CodingKeys: String, CodingKey {
            case status, state, rows
            case oldestAgeSeconds = "oldest_age_seconds"
        }
    }

    public var statuses: [Status]
    public var waiting: Int64
    public var running: Int64
    /// Age of the oldest waiting row (nil: none waits).
    public var oldestWaitingSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case statuses, waiting, running
        case oldestWaitingSeconds = "oldest_waiting_seconds"
    }
}
