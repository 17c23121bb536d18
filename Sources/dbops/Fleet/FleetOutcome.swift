import DBCore
import Foundation

/// The fleet's one exit code, under the contract every command keeps (README, "Fleets"):
/// checks give the worst state of any target (CRITICAL over WARNING over UNKNOWN over OK);
/// jobs fail (1) when any target failed, and are skipped (75) only when every target was.
enum FleetOutcome {
    static func exitCode(_ members: [FleetMember], kind: CommandKind) -> Int32 {
        let codes = members.map(\.exitCode)
        guard !codes.isEmpty else { return ExitStatus.ok }
        switch kind {
        case .check:
            return ThresholdOptions.exitCode(CheckStatus.worst(codes.map(state)))
        case .job:
            if codes.allSatisfy({ $0 == ExitStatus.lockHeld }) { return ExitStatus.lockHeld }
            return codes.contains { $0 != ExitStatus.ok && $0 != ExitStatus.lockHeld }
                ? ExitStatus.failed : ExitStatus.ok
        }
    }

    /// A check's exit code as its state; anything else (a usage problem of one target) is
    /// UNKNOWN: the check could not run there.
    static func state(_ code: Int32) -> CheckStatus {
        switch code {
        case ExitStatus.ok: return .ok
        case ExitStatus.warning: return .warning
        case ExitStatus.critical: return .critical
        default: return .unknown
        }
    }

    /// The word a member's line starts with.
    static func word(_ member: FleetMember, kind: CommandKind) -> String {
        switch kind {
        case .check: return state(member.exitCode).rawValue.uppercased()
        case .job:
            switch member.exitCode {
            case ExitStatus.ok: return "OK"
            case ExitStatus.lockHeld: return "SKIPPED"
            default: return "FAILED"
            }
        }
    }
}
