import Foundation

/// A file or folder a dbops run names after its process (`NAME.tmp.PID`, `dbops-PID.XXXXXX`)
/// and removes itself, unless it was killed first. The next run removes it once it is ours
/// and its process is gone; a live pid (even a reused one) keeps it.
public enum Leftover {
    public static func isAbandoned(_ path: String, pid: pid_t, type: mode_t) -> Bool {
        var info = stat()
        return pid > 0 && pid != getpid() && lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == type
            && info.st_uid == getuid() && kill(pid, 0) != 0 && errno == ESRCH
    }
}
