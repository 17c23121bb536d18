import ArgumentParser
import Backup
import DBCore
import Foundation

struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract:
            "Make a key pair for signing and encrypting backups: NAME.key (private, mode 0600) and NAME.pub.",
        discussion: """
            Each file holds two keys, an Ed25519 one for signatures and an X25519 one for \
            encryption; each option picks its own. Signing: backup --sign-with NAME.key on the \
            host that takes backups; verify and restore --trusted-key NAME.pub refuse any manifest \
            not signed by it. Encryption: backup --encrypt-to NAME.pub, where NAME.key stays off \
            the backup host; verify and restore --decrypt-with NAME.key read the backups. Make \
            one pair per role: a pair cannot both sign and receive the same backups. Existing \
            files are never overwritten.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Folder to write the two files into.", valueName: "dir"))
    var output: String

    @Option(help: ArgumentHelp("Name of the files (letters, digits, - and _).", valueName: "name"))
    var name = "dbops"

    func run() throws {
        try CommandRunner.run(kind: .job, global: global, formats: [.text], command: "keygen") { environment in
            guard !name.isEmpty, name.count <= 100,
                name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            else {
                throw UsageError("--name \(name): letters, digits, - and _ only (at most 100)")
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw UsageError("--output \(output) is not a folder")
            }
            let key = SigningKey()
            let opener = DecryptionKey()
            let privatePath = (output as NSString).appendingPathComponent(name + ".key")
            let publicPath = (output as NSString).appendingPathComponent(name + ".pub")
            for path in [privatePath, publicPath] where FileManager.default.fileExists(atPath: path) {
                throw UsageError("\(path) exists: keygen never overwrites a key")
            }
            try Self.create(privatePath, key.fileLine + opener.fileLine, mode: 0o600)
            do { try Self.create(publicPath, key.publicKey.fileLine + opener.recipient.fileLine, mode: 0o644) } catch {
                unlink(privatePath)
                throw error
            }
            environment.write(
                "wrote \(privatePath) (private, 0600) and \(publicPath); signing key id \(key.publicKey.id), encryption key id \(opener.recipient.id)\n"
            )
            return ExitStatus.ok
        }
    }

    /// Creates the file exclusively with its final mode from the start: the private key is
    /// never readable by others, not even for a moment.
    static func create(_ path: String, _ text: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw DBError(.io, "cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        fchmod(fd, mode)
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw DBError(.io, "cannot write \(path): \(reason)")
        }
    }
}
