import Backup
import DBCore
import Foundation

/// One self-updating status line on stderr while a long job runs — only on a terminal,
/// so cron mail stays empty.
final class ProgressLine: @unchecked Sendable {
    private let progress: BackupProgress
    private let enabled: Bool
    private let clock = Stopwatch()
    private var timer: DispatchSourceTimer?
    private var lastWidth = 0

    init(_ progress: BackupProgress, enabled: Bool) {
        self.progress = progress
        self.enabled = enabled
    }

    func start() {
        guard enabled else { return }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "dbops.progress"))
        timer.schedule(deadline: .now() + 0.5, repeating: 0.5)
        timer.setEventHandler { [weak self] in self?.draw() }
        timer.resume()
        self.timer = timer
    }

    func stop() {
        guard enabled, let timer else { return }
        timer.cancel()
        self.timer = nil
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: lastWidth) + "\r").utf8))
    }

    private func draw() {
        let s = progress.snapshot()
        let seconds = max(0.001, clock.seconds)
        let rate = Double(s.bytes) / seconds
        var line = "\(s.phase): tables \(s.tablesDone)/\(s.tablesTotal)  rows \(s.rows)  \(Format.bytes(Double(s.bytes)))  \(Format.bytes(rate))/s"
        if s.estimatedBytes > s.bytes, rate > 0 {
            line += "  ETA \(Format.duration((Double(s.estimatedBytes - s.bytes) / rate).rounded()))"
        }
        let padded = line + String(repeating: " ", count: max(0, lastWidth - line.count))
        lastWidth = line.count
        FileHandle.standardError.write(Data(("\r" + padded).utf8))
    }
}
