import DBCore
import Foundation
import TOMLKit

/// The TOML config file (see README, "Config file").
struct ConfigFile {
    let path: String
    private let root: [String: ConfigValue]

    init(path: String) throws {
        self.path = path
        let text = try Self.text(of: path)
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw UsageError("config file \(path), line \(error.source.begin.line): \(error.description)")
        }
        guard case .table(let root) = ConfigValue(table) else { throw UsageError("config file \(path) is not a table") }
        self.root = root
        try validate()
    }

    /// The file read as a stream, so a pipe works (`--config <(vault read ...)`), and no
    /// input holds dbops reading: a config file is kilobytes, and past 16 MiB (a wrong path
    /// such as /dev/zero) it is refused.
    static func text(of path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw UsageError("config file \(path) does not exist")
        }
        guard !isDirectory.boolValue else { throw UsageError("config file \(path) is a directory") }
        // open(2) itself, so the refusal names its cause (permission, a loop of links, ...).
        // O_NONBLOCK: a named pipe nobody writes to would otherwise hold open(2), and dbops,
        // forever; a pipe reads blocking again once open.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw UsageError("cannot read config file \(path): \(String(cString: strerror(errno)).lowercased())")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        defer { try? handle.close() }
        var info = stat()
        let isPipe = fstat(descriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO
        if isPipe { try awaitWriter(descriptor, path: path) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        var data = Data()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                data += chunk
                guard data.count <= 16 << 20 else {
                    throw UsageError("config file \(path) is larger than 16 MiB: not a config file")
                }
            }
        } catch let error as UsageError { throw error } catch {
            throw UsageError("cannot read config file \(path): \(FileErrorText.of(error))")
        }
        if isPipe && data.isEmpty { throw UsageError("config file \(path) is a pipe its writer closed empty") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw UsageError("config file \(path) is not UTF-8 text")
        }
        return text
    }

    /// A named pipe's writer may start after dbops (`mkfifo p; vault read > p & dbops
    /// --config p`): wait for its first bytes, but not for ever when nobody writes.
    private static func awaitWriter(_ descriptor: Int32, path: String, seconds: Int32 = 10) throws {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        var waited: Int32
        repeat { waited = poll(&entry, 1, seconds * 1000) } while waited < 0 && errno == EINTR
        guard waited > 0 else {
            throw UsageError("config file \(path) is a pipe nothing was written to within \(seconds) s")
        }
    }

    private func validate() throws {
        try ConfigSchema.validate(root, path: path)
        if case .table(let targets)? = root["targets"] {
            for (name, value) in targets {
                if case .table(let entry) = value, case .string(let url)? = entry["url"],
                    (try? ConnectionURL.parse(url))?.password != nil
                {
                    try requirePrivate("[targets.\(name)] url holds a password")
                }
            }
        }
    }

    /// A file holding a password must be readable by its owner only, as libpq insists for
    /// .pgpass: otherwise every local user can read it.
    private func requirePrivate(_ why: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        if info.st_mode & 0o077 != 0 {
            throw UsageError(
                "config file \(path): \(why), but the file is readable by group or others (mode \(String(info.st_mode & 0o777, radix: 8))); chmod 600 it, or move the password to password_file or url_env"
            )
        }
    }

    var defaults: ConfigSection {
        if case .table(let t)? = root["defaults"] { return ConfigSection(name: "defaults", values: t) }
        return ConfigSection(name: "defaults", values: [:])
    }

    var targetNames: [String] {
        if case .table(let t)? = root["targets"] { return t.keys.sorted() }
        return []
    }

    func target(_ name: String) throws -> ConfigSection {
        guard case .table(let targets)? = root["targets"], case .table(let entry)? = targets[name] else {
            let known = targetNames.isEmpty ? "none defined" : "known: " + targetNames.joined(separator: ", ")
            throw UsageError("no target '\(name)' in \(path) (\(known))")
        }
        return ConfigSection(name: "targets.\(name)", values: entry)
    }

    /// [job] with [targets.NAME.job] merged over it.
    func job(_ job: String, target: String?) -> ConfigSection {
        var merged = root[job] ?? .table([:])
        if let target, case .table(let targets)? = root["targets"], case .table(let entry)? = targets[target],
            let specific = entry[job]
        {
            merged = merged.merged(with: specific)
        }
        guard case .table(let values) = merged else { return ConfigSection(name: job, values: [:]) }
        return ConfigSection(name: job, values: values)
    }
}
