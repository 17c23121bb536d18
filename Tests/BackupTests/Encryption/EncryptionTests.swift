import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// Backups encrypted to a public key: they restore identically in the folder and the
/// stream form, with the private key only; a missing or wrong key, a flipped byte, a file
/// from another backup or a forged manifest is refused in one line before the target is
/// touched; asked-for encryption never falls back to cleartext; the private key never shows.
@Suite("Encrypted backups")
struct EncryptionTests {
    static let value = "plain-text-marker"

    static func tables(_ target: ScratchDatabase) throws -> String? {
        let probe = try target.connect()
        defer { probe.close() }
        return try probe.scalar(
            target.engine == .postgres
                ? "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                : "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")
    }

    /// Runs a restore of `backup` that must be refused with exit `code` and a line holding
    /// `message`, into a fresh database that must stay empty.
    static func expectRefused(
        _ engine: Engine, _ arguments: [String], code: Int32, _ message: String, stdin: Data? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try ScratchDatabase.with(engine, prefix: "encr") { target in
            let result = try DBOpsProcess.run(
                ["restore"] + arguments, environment: ["DBOPS_URL": try target.url], stdin: stdin)
            #expect(result.exitCode == code, "\(result)", sourceLocation: sourceLocation)
            #expect(result.stderr.contains(message), "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(
                result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)",
                sourceLocation: sourceLocation)
            #expect(try tables(target) == "0", "the target was not touched", sourceLocation: sourceLocation)
        }
    }

    @Test(
        "encrypted folder and stream backups restore identically; keys, damage and forgeries",
        arguments: Engine.allCases)
    func encryption(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "enc") { source in
            let connection = try source.connect()
            let series = engine == .postgres ? "generate_series(1, 3000) g" : "seq_1_to_3000"
            let n = engine == .postgres ? "g" : "seq"
            try connection.executeScript(
                """
                CREATE TABLE t (id INT PRIMARY KEY, v TEXT, note TEXT);
                INSERT INTO t SELECT \(n), CONCAT('\(Self.value)-', \(n)), REPEAT('x', \(n) % 200) FROM \(series);
                CREATE TABLE small (id INT PRIMARY KEY, v TEXT);
                INSERT INTO small VALUES (1, 'one'), (2, NULL)
                """)
            connection.close()
            let expected = try IndependentChecks.tableChecksums(engine, database: source.name)
            try withTemporaryDirectory { folder in
                let ours = try SignatureTests.keygen(folder, name: "ours")
                let theirs = try SignatureTests.keygen(folder, name: "theirs")
                let signer = try SignatureTests.keygen(folder, name: "signer")
                let secrets = try [ours.key, signer.key].flatMap { path in
                    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
                        String($0.split(separator: " ")[1])
                    }
                }
                let environment = ["DBOPS_URL": try source.url]
                let made = try DBOpsProcess.run(
                    [
                        // One worker: both tables in one bundle, laid out as in the second
                        // backup below (whose bundle replaces this one's).
                        "backup", "-o", folder + "/enc", "-j", "1", "--encrypt-to", ours.pub, "--sign-with", signer.key,
                        "--format", "json",
                    ], environment: environment)
                #expect(made.exitCode == 0, "\(made)")
                for secret in secrets {
                    #expect(!made.stdout.contains(secret) && !made.stderr.contains(secret), "no private key shows")
                }
                // Nothing readable on disk: no zstd frame, no row value.
                for file in try BackupForgery.dataFiles(folder + "/enc") {
                    let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/enc/" + file))
                    #expect(Array(data.prefix(4)) != [0x28, 0xB5, 0x2F, 0xFD], "\(file) is not a plain zstd frame")
                }
                let manifestText = try String(contentsOfFile: folder + "/enc/manifest.json", encoding: .utf8)
                #expect(manifestText.contains("dbops-x25519-hpke-chacha20poly1305-v1"))
                #expect(manifestText.contains("\"dbops.backup/v4\"") && manifestText.contains("\"bundle\""))

                // verify: outer integrity without the key, everything with it.
                let outer = try DBOpsProcess.run(["verify", folder + "/enc", "--format", "json"])
                #expect(outer.exitCode == 0, "\(outer)")
                #expect(outer.stdout.contains("\"contents_checked\" : false"), "\(outer.stdout)")
                let full = try DBOpsProcess.run(
                    [
                        "verify", folder + "/enc", "--decrypt-with", ours.key, "--trusted-key", signer.pub, "--format",
                        "json",
                    ])
                #expect(full.exitCode == 0 && full.stdout.contains("\"contents_checked\" : true"), "\(full)")
                let wrongVerify = try DBOpsProcess.run(["verify", folder + "/enc", "--decrypt-with", theirs.key])
                #expect(
                    wrongVerify.exitCode == 64 && wrongVerify.stderr.contains("not to the key given"), "\(wrongVerify)")

                // Missing key, wrong key: refused before the target is touched.
                try Self.expectRefused(engine, [folder + "/enc"], code: 64, "give the private key with --decrypt-with")
                try Self.expectRefused(
                    engine, [folder + "/enc", "--decrypt-with", theirs.key], code: 64, "not to the key given")

                // The right key, from the flag or from DBOPS_DECRYPT_WITH: identical rows.
                try ScratchDatabase.with(engine, prefix: "encr") { target in
                    let restored = try DBOpsProcess.run(
                        ["restore", folder + "/enc"],
                        environment: ["DBOPS_URL": try target.url, "DBOPS_DECRYPT_WITH": ours.key])
                    #expect(restored.exitCode == 0, "\(restored)")
                    #expect(try IndependentChecks.tableChecksums(engine, database: target.name) == expected)
                }

                // The stream form, encrypted the same way.
                let stream = try DBOpsProcess.run(
                    ["backup", "-o", "-", "--encrypt-to", ours.pub], environment: environment)
                #expect(stream.exitCode == 0, "\(stream.stderr)")
                #expect(!stream.stdoutData.isEmpty)
                #expect(stream.stdoutData.range(of: Data(Self.value.utf8)) == nil, "no row value in the stream")
                try ScratchDatabase.with(engine, prefix: "encr") { target in
                    let restored = try DBOpsProcess.run(
                        ["restore", "-", "--decrypt-with", ours.key], environment: ["DBOPS_URL": try target.url],
                        stdin: stream.stdoutData)
                    #expect(restored.exitCode == 0, "\(restored)")
                    #expect(try IndependentChecks.tableChecksums(engine, database: target.name) == expected)
                }
                try Self.expectRefused(
                    engine, ["-", "--decrypt-with", theirs.key], code: 64, "not to the key given",
                    stdin: stream.stdoutData)

                // A flipped byte in the ciphertext, the manifest re-hashed to match: the
                // chunk does not authenticate.
                let big = try #require(
                    try BackupForgery.dataFiles(folder + "/enc").max {
                        (try? FileManager.default.attributesOfItem(atPath: folder + "/enc/" + $0)[.size] as? Int) ?? 0
                            < (try? FileManager.default.attributesOfItem(atPath: folder + "/enc/" + $1)[.size] as? Int)
                            ?? 0
                    })
                try FileManager.default.copyItem(atPath: folder + "/enc", toPath: folder + "/flipped")
                var bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/flipped/" + big))
                bytes[bytes.count / 2] ^= 0x01
                try bytes.write(to: URL(fileURLWithPath: folder + "/flipped/" + big))
                try BackupForgery.rehash(folder + "/flipped")
                let flipped = try DBOpsProcess.run(["verify", folder + "/flipped", "--decrypt-with", ours.key])
                #expect(flipped.exitCode == 1 && flipped.stderr.contains("does not authenticate"), "\(flipped)")
                try Self.expectRefused(
                    engine, [folder + "/flipped", "--decrypt-with", ours.key], code: 1, "does not authenticate")

                // The same file from another backup of the same data (its own content key),
                // re-hashed: refused.
                let second = try DBOpsProcess.run(
                    ["backup", "-o", folder + "/second", "-j", "1", "--encrypt-to", ours.pub], environment: environment)
                #expect(second.exitCode == 0, "\(second)")
                try FileManager.default.copyItem(atPath: folder + "/enc", toPath: folder + "/swapped")
                try FileManager.default.removeItem(atPath: folder + "/swapped/" + big)
                try FileManager.default.copyItem(atPath: folder + "/second/" + big, toPath: folder + "/swapped/" + big)
                try BackupForgery.rehash(folder + "/swapped")
                #expect(try DBOpsProcess.run(["verify", folder + "/swapped"]).exitCode == 0, "outer checks pass")
                try Self.expectRefused(
                    engine, [folder + "/swapped", "--decrypt-with", ours.key], code: 1, "does not authenticate")

                // A re-hashed manifest with its encryption intact is still caught by the
                // signature.
                try FileManager.default.copyItem(atPath: folder + "/enc", toPath: folder + "/forged")
                try SignatureTests.forge(folder + "/forged")
                try Self.expectRefused(
                    engine, [folder + "/forged", "--decrypt-with", ours.key, "--trusted-key", signer.pub], code: 1,
                    "forged")

                // Encryption asked for and impossible: the backup fails, nothing is left.
                try "dbops-ed25519-public AAAA\n".write(toFile: folder + "/bad.pub", atomically: true, encoding: .utf8)
                let impossible = try DBOpsProcess.run(
                    ["backup", "-o", folder + "/never", "--encrypt-to", folder + "/bad.pub"], environment: environment)
                #expect(impossible.exitCode == 64 && impossible.stderr.contains("dbops-x25519-public"), "\(impossible)")
                #expect(!FileManager.default.fileExists(atPath: folder + "/never"), "never cleartext instead")
                // One pair may not both sign and receive: its private file would be on the
                // backup host.
                let same = try DBOpsProcess.run(
                    ["backup", "-o", folder + "/same", "--encrypt-to", ours.pub, "--sign-with", ours.key],
                    environment: environment)
                #expect(same.exitCode == 64 && same.stderr.contains("also decrypts"), "\(same)")
                #expect(!FileManager.default.fileExists(atPath: folder + "/same"))
            }
        }
    }
}
