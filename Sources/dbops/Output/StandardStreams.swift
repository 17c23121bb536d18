import Foundation

/// stdout and stderr through write(2). FileHandle.write traps (a stack trace) when the
/// reader has gone away — `dbops analytics cost | head` closes the pipe early — so dbops
/// writes itself: stdout closed by its reader ends dbops quietly with 141, what a shell
/// reports for a process ended by SIGPIPE (everything the command did is done by the time
/// it prints); a gone stderr is ignored.
enum StandardStreams {
    static let closedStdout: Int32 = 141

    static func out(_ text: String) {
        if !write(STDOUT_FILENO, Array(text.utf8)) { exit(closedStdout) }
    }

    static func out(_ data: Data) {
        if !write(STDOUT_FILENO, Array(data)) { exit(closedStdout) }
    }

    static func err(_ text: String) {
        _ = write(STDERR_FILENO, Array(text.utf8))
    }

    static func err(_ data: Data) {
        _ = write(STDERR_FILENO, Array(data))
    }

    /// Every byte, retrying after a signal; false when the descriptor no longer takes any.
    private static func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Foundation.write(fd, raw.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
