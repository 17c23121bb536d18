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
            files are never overwritten; NAME.key without NAME.pub (a keygen killed between \
            the two) gets its NAME.pub written from it.
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
            let made = try KeyPairFiles.make(folder: output, name: name)
            let ids = "signing key id \(made.signingKeyID), encryption key id \(made.encryptionKeyID)"
            environment.write(
                made.completed
                    ? "wrote the missing \(made.publicPath) from \(made.privatePath); \(ids)\n"
                    : "wrote \(made.privatePath) (private, 0600) and \(made.publicPath); \(ids)\n")
            return ExitStatus.ok
        }
    }
}
