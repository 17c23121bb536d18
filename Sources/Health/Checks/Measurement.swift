import DBCore
import Foundation

/// What a check measured, before thresholds turn it into a status.
struct Measurement {
    var value: Double?
    var unit: String?
    var summary: String
    var details: [[String: JSONValue]] = []
    var metrics: [String: Double] = [:]
    /// A state that follows from a fact rather than from the value (a stopped replica
    /// thread, an inactive slot); the worse of this and the thresholds' verdict wins.
    var status: CheckStatus?
}
