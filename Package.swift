// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "vtrack",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vtrack", targets: ["vtrack"]),
        .executable(name: "vtrack-server", targets: ["vtrack-server"]),
    ],
    dependencies: [
        // Default traits pull in extras and reorder compiler flags, forcing rebuilds.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // TLS to PostgreSQL with a CA file (postgres-nio takes NIOSSL's configuration).
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        // The applicants' pages: logic-less templates, HTML-escaped by default.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        .target(
            name: "VolunteerCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                // scrypt, for key files sealed with a passphrase.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "VolunteerStore",
            dependencies: [
                "VolunteerCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // The pool's own error type, to tell a database that stays away.
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "VolunteerAPI",
            dependencies: [
                "VolunteerCore",
                "VolunteerStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // The metrics listener's registry and text format.
                .product(name: "Prometheus", package: "swift-prometheus"),
                // HTTP parts as Hummingbird's channel decodes them, for the request head timeout,
                // and the HTTP/1 server's configuration, which Hummingbird does not re-export.
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                // Its parser's error, for a body cut short.
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/pages")]
        ),
        .target(
            name: "VolunteerCLI",
            dependencies: [
                "VolunteerCore",
                "VolunteerStore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "vtrack",
            dependencies: ["VolunteerCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "vtrack-server",
            dependencies: [
                "VolunteerAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // scripts/bench's measuring and seeding tool; not a product.
        .executableTarget(
            name: "vtrack-bench",
            dependencies: [
                "VolunteerStore",
                // Its HTTP/1.1 client drives the load in `vtrack-bench load`.
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "VolunteerCoreTests", dependencies: ["VolunteerCore"]),
        .testTarget(
            name: "VolunteerStoreTests",
            dependencies: ["VolunteerStore", "VolunteerTestSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "VolunteerAPITests",
            dependencies: [
                "VolunteerAPI",
                "VolunteerTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                // Reads the served OpenAPI document, to hold it to what the server accepts.
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "VolunteerCLITests",
            dependencies: ["VolunteerCLI", "VolunteerTestSupport", .product(name: "_ConnectionPoolModule", package: "postgres-nio")],
            // The weekly report's history and golden files, read by path.
            exclude: ["WeeklyReport"]
        ),
        // Shared by the test targets: a fresh database per test on the cluster scripts/test started.
        .target(
            name: "VolunteerTestSupport",
            dependencies: [
                "VolunteerStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/VolunteerTestSupport"
        ),
    ]
)
