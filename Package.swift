// swift-tools-version:6.0
// dbops: one binary for PostgreSQL and MySQL/MariaDB operations.
//
// Layering (arrows point to what a module may import; docs/ARCHITECTURE.md says more):
//   dbops (CLI) -> Health, Analytics, Backup, Archive, History
//   History -> Health, Analytics (it records what they measure)
//   Archive -> Backup (retired partitions and archive files are written in the backup format)
//   Backup -> Zstd -> CZstd
//   every module -> DBCore -> CLibPQ, CMariaDB
// Only DBCore (the database drivers) and Zstd import C modules. SQL lives in queries/ and
// is compiled into DBCore by the EmbedQueries build plugin, so a copied binary works alone.
import PackageDescription

let package = Package(
    name: "dbops",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dbops", targets: ["dbops"]),
        .executable(name: "dbops-datagen", targets: ["dbops-datagen"]),
        .executable(name: "dbops-loadgen", targets: ["dbops-loadgen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C libraries, found through pkg-config (Debian: libpq-dev, libmariadb-dev, libzstd-dev).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CMariaDB", pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),

        // Build-time embedding of queries/**.sql into DBCore.
        .executableTarget(name: "QueryEmbedder"),
        .plugin(name: "EmbedQueries", capability: .buildTool(), dependencies: ["QueryEmbedder"]),

        .target(
            name: "DBCore",
            dependencies: [
                "CLibPQ", "CMariaDB",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            plugins: ["EmbedQueries"]
        ),
        // Health reads an application's work queue through Analytics' profiles.
        .target(name: "Health", dependencies: ["DBCore", "Analytics"]),
        .target(name: "Analytics", dependencies: ["DBCore"]),
        // zstd streams: a C library that is not a database driver, beside the core.
        .target(name: "Zstd", dependencies: ["CZstd", "DBCore"]),
        .target(name: "Backup", dependencies: ["DBCore", "Zstd", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Archive", dependencies: ["DBCore", "Backup", .product(name: "Logging", package: "swift-log")]),
        // What dbops measured, kept over time (snapshot, history, report): an SQLite store.
        .target(
            name: "History",
            dependencies: [
                "DBCore", "Health", "Analytics", "Archive", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .executableTarget(
            name: "dbops",
            dependencies: [
                "DBCore", "Health", "Analytics", "Backup", "Archive", "History",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Deterministic sample data for the five applications (demo, tests, benchmarks).
        .executableTarget(
            name: "dbops-datagen",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The application's side of the maintenance benchmarks: writes while a job runs,
        // timing each one.
        .executableTarget(
            name: "dbops-loadgen",
            dependencies: ["DBCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        .target(name: "TestSupport", dependencies: ["DBCore"], path: "Tests/TestSupport"),
        .testTarget(name: "DBCoreTests", dependencies: ["DBCore", "TestSupport"]),
        .testTarget(name: "ZstdTests", dependencies: ["Zstd", "DBCore"]),
        .testTarget(name: "HealthTests", dependencies: ["Health", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["DBCore", "TestSupport"]),
        .testTarget(
            name: "BackupTests",
            dependencies: ["Backup", "DBCore", "TestSupport", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics", "DBCore", "TestSupport"]),
        .testTarget(
            name: "HistoryTests",
            dependencies: [
                "History", "Health", "Analytics", "Archive", "DBCore", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "DBCore", "TestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
