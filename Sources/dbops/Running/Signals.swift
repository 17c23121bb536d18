import DBCore
import Dispatch
import Foundation

/// Ctrl-C and SIGTERM: the first one cancels the statements in flight (through each
/// connection's canceller) and lets the command unwind, clean up and exit 130/143;
/// a second one, or a command that does not finish within 20 seconds, exits at once.
/// Jobs are written so that even an abrupt exit leaves nothing half-done.
enum SignalHandling {
    private static var sources: [DispatchSourceSignal] = []
    private static let queue = DispatchQueue(label: "dbops.signals")

    /// Installed once, first thing in main: a signal that arrives while the arguments
    /// are parsed or the libraries load is kept, not lost (a process started in the
    /// background of a script inherits SIGINT ignored until this runs).
    static func install() {
        guard sources.isEmpty else { return }
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                let code = number == SIGTERM ? ExitStatus.terminated : ExitStatus.interrupted
                if Interruption.shared.isInterrupted { _exit(code) }
                StandardStreams.err("dbops: \(number == SIGTERM ? "SIGTERM" : "interrupted"), stopping...\n")
                Interruption.shared.trigger(signal: number)
                queue.asyncAfter(deadline: .now() + 20) { _exit(code) }
            }
            source.resume()
            sources.append(source)
        }
    }

    static func exitCode(for signal: Int32) -> Int32 {
        signal == SIGTERM ? ExitStatus.terminated : ExitStatus.interrupted
    }
}
