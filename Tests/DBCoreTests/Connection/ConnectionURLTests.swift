import DBCore
import Foundation
import Testing

@Suite("Connection URLs")
struct ConnectionURLTests {
    @Test func postgresURLWithEverything() throws {
        let config = try ConnectionURL.parse(
            "postgres://app%40corp:p%40ss%3Aw0rd@db.example.com:6543/my%20db?sslmode=verify-full&sslrootcert=/etc/ca.pem&application_name=x"
        )
        #expect(config.engine == .postgres)
        #expect(config.user == "app@corp")
        #expect(config.password?.reveal() == "p@ss:w0rd")
        #expect(config.host == "db.example.com")
        #expect(config.port == 6543)
        #expect(config.database == "my db")
        #expect(config.parameters["sslmode"] == "verify-full")
        #expect(config.parameters["sslrootcert"] == "/etc/ca.pem")
        #expect(config.redacted == "postgres://app@corp@db.example.com:6543/my db")
        #expect(!config.redacted.contains("w0rd"))
    }

    @Test func schemesAndDefaults() throws {
        #expect(try ConnectionURL.parse("postgresql://h/db").engine == .postgres)
        #expect(try ConnectionURL.parse("mysql://h/db").engine == .mysql)
        #expect(try ConnectionURL.parse("mariadb://u@h/db").engine == .mysql)
        let bare = try ConnectionURL.parse("postgres:///app")
        #expect(bare.host == nil && bare.port == nil && bare.user == nil && bare.database == "app")
        let socketDir = try ConnectionURL.parse("postgres:///app?host=/var/run/postgresql")
        #expect(socketDir.host == "/var/run/postgresql")
        #expect(socketDir.redacted == "postgres:///app?host=/var/run/postgresql")
    }

    @Test func ipv6Host() throws {
        let config = try ConnectionURL.parse("mysql://root@[::1]:3307/x")
        #expect(config.host == "::1")
        #expect(config.port == 3307)
        #expect(config.redacted == "mysql://root@[::1]:3307/x")
    }

    @Test func mysqlTLSParametersAreNormalised() throws {
        let config = try ConnectionURL.parse(
            "mysql://u@h/db?sslmode=REQUIRED&sslrootcert=/ca.pem&ssl-cert=/c.pem&socket=/tmp/s.sock")
        #expect(config.parameters["ssl-mode"] == "REQUIRED")
        #expect(config.parameters["ssl-ca"] == "/ca.pem")
        #expect(config.parameters["ssl-cert"] == "/c.pem")
        #expect(config.socket == "/tmp/s.sock")
        #expect(throws: DBError.self) { try ConnectionURL.parse("mysql://u@h/db?frobnicate=1") }
        // libpq's spelling of the modes too; anything else is refused when the URL is read.
        #expect(try ConnectionURL.parse("mysql://u@h/db?sslmode=require").parameters["ssl-mode"] == "REQUIRED")
        #expect(
            try ConnectionURL.parse("mysql://u@h/db?sslmode=verify-full").parameters["ssl-mode"] == "VERIFY_IDENTITY")
        #expect(try ConnectionURL.parse("mysql://u@h/db?ssl_mode=disabled").parameters["ssl-mode"] == "DISABLED")
        #expect(throws: DBError.self) { try ConnectionURL.parse("mysql://u@h/db?ssl-mode=bogus") }
    }

    @Test(
        "Errors name the problem, never the URL (it may hold a password)",
        arguments: [
            "redis://u:SECRETPW@h/x", "postgres://u:SECRETPW@h:0/x", "postgres://u:SECRETPW@h:70000/x",
            "postgres://u:SECRETPW@h:abc/x", "no scheme SECRETPW", "postgres://u:SECRETPW@a,b/x",
            "mysql://u:SECRETPW@[::1/x", "postgres://u:SECRETPW@h/a/b",
            // A NUL would cut the name short in the C library: another database, user or host.
            "postgres://u:SECRETPW@h/prod%00copy", "mysql://u%00x:SECRETPW@h/x",
            "postgres://u:SECRETPW@h/x?application_name=a%00b",
            // libpq passes these to setsockopt unchecked: every connection failed as an outage.
            "postgres://u:SECRETPW@h/x?keepalives_idle=-5", "postgres://u:SECRETPW@h/x?keepalives_count=128",
            "postgres://u:SECRETPW@h/x?keepalives_interval=1e3",
            "postgres://u:SECRETPW@h/x?tcp_user_timeout=2147483648",
        ])
    func malformedURLs(_ text: String) throws {
        do {
            _ = try ConnectionURL.parse(text)
            Issue.record("expected \(text) to be refused")
        } catch let error as DBError {
            #expect(error.code == .invalidTarget)
            #expect(!error.description.contains("SECRETPW"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func libpqIntegersInRange() throws {
        let config = try ConnectionURL.parse(
            "postgres://u@h/x?keepalives_idle=0&keepalives_interval=32767&keepalives_count=127&tcp_user_timeout=2147483647"
        )
        #expect(config.parameters["keepalives_count"] == "127" && config.parameters["tcp_user_timeout"] == "2147483647")
    }

    @Test func secretNeverPrints() {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "********")
        #expect(String(describing: secret) == "********")
        #expect(String(reflecting: secret) == "********")
        #expect(secret.reveal() == "hunter2")
    }

    @Test func passwordFileMustBePrivate() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-pw-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "s3cret\nignored second line\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
        #expect(throws: DBError.self) { try PasswordFile.read(path) }
        chmod(path, 0o600)
        #expect(try PasswordFile.read(path).reveal() == "s3cret")
        #expect(throws: DBError.self) { try PasswordFile.read(path + ".missing") }
        // A Windows editor's line ending is not part of the password, nor is a lone one.
        for content in ["s3cret\r\nignored\r\n", "s3cret\r\n", "s3cret\r", "s3cret"] {
            try content.write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o600)
            #expect(try PasswordFile.read(path).reveal() == "s3cret", "\(content.debugDescription)")
        }
        // Latin-1 bytes: refused, not sent as a password with replacement characters.
        try Data([0x70, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
        #expect(throws: DBError.self) { try PasswordFile.read(path) }
    }
}
