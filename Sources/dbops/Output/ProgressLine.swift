import Backup
import DBCore
import Foundation
import Logging

/// One self-updating status line on stderr while a long job runs — only on a terminal,
/// so cron mail stays empty. With -v it logs instead: each phase as it starts and the
/// figures every 15 seconds, lines a log file keeps.
final class ProgressLine: @unchecked Sendable {
    private let progress: BackupProgress
    private let enabled: Bool
    private let log: Logger?
    private let clock = Stopwatch()
    private var timer: DispatchSourceTimer?
    private var lastWidth = 0
    private var lastLogged = 0.0
    private let lock = NSLock()

    init(_ progress: BackupProgress, enabled: Bool, verbose: Bool = false) {
        self.progress = progress
        self.log = verbose ? Logger(label: "dbops") : nil
        self.enabled = enabled && !verbose
        if let log {
            progress.onPhase = { ended, seconds, now in
                log.info("\(ended) done in \(Format.duration(seconds)); now \(now.phase)")
            }
        }
    }

    func start() {
        guard enabled || log != nil else { return }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "dbops.progress"))
        timer.schedule(deadline: .now() + 0.5, repeating: 0.5)
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
        self.timer = timer
    }

    func stop() {
        guard let timer else { return }
        timer.cancel()
        self.timer = nil
        if log != nil {
            tick(final: true)
        } else {
            StandardStreams.err(("\r" + String(repeating: " ", count: lastWidth) + "\r"))
        }
    }

    private func tick(final: Bool = false) {
        lock.lock(); defer { lock.unlock() }
        guard let log else { return draw() }
        let s = progress.snapshot()
        if final || clock.seconds - lastLogged >= 15 {
            log.info("\(s.phase): \(status(s)) after \(Format.duration(clock.seconds))")
            lastLogged = clock.seconds
        }
    }

    private func status(_ s: BackupProgress.Snapshot) -> String {
        let rate = Double(s.bytes) / max(0.001, clock.seconds)
        var line =
            "tables \(s.tablesDone)/\(s.tablesTotal)  rows \(s.rows)  \(Format.bytes(Double(s.bytes)))  \(Format.bytes(rate))/s"
        if s.phase != "done", s.estimatedBytes > s.bytes, rate > 0 {
            line += "  ETA \(Format.duration((Double(s.estimatedBytes - s.bytes) / rate).rounded()))"
        }
        return line
    }

    private func draw() {
        let s = progress.snapshot()
        let line = "\(s.phase): " + status(s)
        let padded = line + String(repeating: " ", count: max(0, lastWidth - line.count))
        lastWidth = line.count
        StandardStreams.err(("\r" + padded))
    }
}
