import Analytics
import DBCore
import Foundation

/// An application's work queue (Character Creation's generations, or a config profile's
/// `queue`): how long the oldest waiting row has waited, and what share of the rows that
/// ended lately failed. Databases without one say so and stay OK.
enum QueueChecks {
    static var all: [CheckDefinition] { [oldestWaiting, failedShare] }

    static let noQueue = Measurement(value: nil, unit: nil, summary: "no application work queue in this database")

    static let oldestWaiting = CheckDefinition(
        name: "queue_oldest_waiting",
        help:
            "Seconds the oldest row of the application's work queue has waited to start (Character Creation's PENDING generations).",
        defaults: Thresholds(warning: 900, critical: 3600), scope: .database
    ) { context in
        guard let reading = try context.shared.queue(context.options) else { return noQueue }
        let oldest = reading.now.oldestWaitingSeconds ?? 0
        return Measurement(
            value: oldest, unit: "seconds",
            summary: reading.now.waiting == 0
                ? "\(reading.table): nothing waiting, \(reading.now.running) being worked on"
                : "\(reading.table): \(reading.now.waiting) waiting, the oldest for \(Format.duration(oldest)); \(reading.now.running) being worked on",
            details: reading.now.statuses.map {
                [
                    "status": .string($0.status), "state": .string($0.state), "rows": .number(Double($0.rows)),
                    "oldest_age_seconds": $0.oldestAgeSeconds.map(JSONValue.number) ?? .null,
                ]
            },
            metrics: ["queue_waiting": Double(reading.now.waiting), "queue_running": Double(reading.now.running)])
    }

    static let failedShare = CheckDefinition(
        name: "queue_failed_share",
        help:
            "Percent of the application's queue rows that ended in the last [health] queue_window (1h) and failed (judged after 20).",
        defaults: Thresholds(warning: 10, critical: 25), scope: .database
    ) { context in
        guard let reading = try context.shared.queue(context.options) else { return noQueue }
        let ended = reading.ended
        let window = Format.duration(context.options.queueWindow)
        guard ended.finished >= 20 else {
            return Measurement(
                value: nil, unit: "percent",
                summary: "\(reading.table): too few ended in the last \(window) to judge (\(ended.finished))")
        }
        return Measurement(
            value: ended.failurePercent, unit: "percent",
            summary: "\(reading.table): \(ended.failed) of \(ended.finished) ended in the last \(window) failed",
            metrics: ["queue_ended": Double(ended.finished), "queue_failed": Double(ended.failed)])
    }
}
