import DBCore
import Foundation

public struct PhaseDuration: Codable, Sendable {
    public var phase: String
    public var seconds: Double
}
