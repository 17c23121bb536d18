import DBCore
import Foundation

public enum SlowQueryOrder: String, Sendable, CaseIterable {
    case total, mean, calls, rows, io
}
