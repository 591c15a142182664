// swift-tools-version: 6.2
import PackageDescription

// Modules are split by dependency weight (docs/ARCHITECTURE.md):
//   GoLiveCore                 Foundation only: domain, checks, store and gateway protocols
//   GoLiveConfig               + Yams: environment, *_FILE secrets, YAML config
//   MercadoPagoClient          + AsyncHTTPClient: the Mercado Pago REST adapter
//   StoreSQLite                + GRDB: the embedded store
//   StorePostgres              + PostgresNIO: the shared store for several receivers and dashboards (issue 10)
//   MercadoPagoSandbox         + Hummingbird: the embedded Mercado Pago simulator (independent of the core)
//   TLSInspection              + NIOSSL, swift-certificates: TLS/HTTP facts of a checkout page (ssl)
//   LoopbackHTTPS              + NIOSSL, NIOHTTP1, swift-certificates: a static HTTP(S) server and generated
//                                certificates, for the Sandbox's checkout page, tests and benchmarks (ssl)
//   TerminalUI                 + GoLiveCore: the dashboard without a terminal (state, keys, layout, cell grid)
//   GoLiveThemes               + Yams: theme files (shipped ones compiled in, the user's from XDG_CONFIG_HOME)
//   CNCurses / NCursesTerminal the only code that touches ncurses(w): one thread owns the terminal
//   GoLiveCLI                  + ArgumentParser: commands, the composition root
//   golive                     the executable: one @main file
let package = Package(
    name: "golive",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "golive", targets: ["golive"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),  // issue 10: the PostgreSQL store
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),  // ssl
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),  // ssl
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),  // ssl
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),  // ssl
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),  // ssl, notifications
    ],
    targets: [
        .target(name: "GoLiveCore", resources: [.embedInCode("Resources/quality-rubric.json")]),
        .target(
            name: "GoLiveConfig",
            dependencies: ["GoLiveCore", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "MercadoPagoClient",
            dependencies: [
                "GoLiveCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "StoreSQLite",
            dependencies: ["GoLiveCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "StorePostgres",  // issue 10: several receivers and dashboards on one PostgreSQL
            dependencies: [
                "GoLiveCore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "MercadoPagoSandbox",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),  // issue 11: trust roots for HTTPS receivers
            ]
        ),
        .target(
            name: "TLSInspection",
            dependencies: [
                "GoLiveCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .target(
            name: "LoopbackHTTPS",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "WebhookSignature",
            dependencies: ["GoLiveCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "WebhookServer",
            dependencies: [
                "GoLiveCore", "WebhookSignature",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ShopForwarding",  // forwarding (issue 11): golive's HMAC and the POST to the shop
            dependencies: [
                "GoLiveCore", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "NotificationURLProbe",  // issue 11: notifications.url, golive's own test POST or the Sandbox's
            dependencies: [
                "GoLiveCore", "WebhookSignature",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(name: "TerminalUI", dependencies: ["GoLiveCore"]),
        .target(
            name: "AlertTargets",  // alerts (issue 11): webhook (AsyncHTTPClient) and command targets
            dependencies: [
                "GoLiveCore", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "GoLiveThemes",
            dependencies: ["TerminalUI", .product(name: "Yams", package: "Yams")],
            resources: [
                .embedInCode("Themes/dark.yaml"), .embedInCode("Themes/light.yaml"),
                .embedInCode("Themes/high-contrast.yaml"), .embedInCode("Themes/colorblind.yaml"),
                .embedInCode("Themes/monochrome.yaml"),
            ]
        ),
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncurses-dev"])]),
        .target(name: "NCursesTerminal", dependencies: ["CNCurses", "TerminalUI"]),
        .target(
            name: "GoLiveCLI",
            dependencies: [
                "GoLiveCore", "GoLiveConfig", "MercadoPagoClient", "StoreSQLite", "MercadoPagoSandbox",
                "TLSInspection", "LoopbackHTTPS",
                "AlertTargets",  // alerts (issue 11)
                "WebhookServer", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "NotificationURLProbe",  // issue 11
                "ShopForwarding",  // forwarding (issue 11)
                "StorePostgres",  // issue 10: the PostgreSQL store
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                "TerminalUI", "GoLiveThemes", "NCursesTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "golive", dependencies: ["GoLiveCLI"]),
        .executableTarget(
            name: "NotificationsBenchmark",
            dependencies: [
                "WebhookServer", "WebhookSignature", "StoreSQLite", "GoLiveCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                "StorePostgres", .product(name: "PostgresNIO", package: "postgres-nio"),  // issue 10: pg1, pg2
            ],
            path: "Benchmarks/NotificationsBenchmark"
        ),
        .executableTarget(
            name: "DashboardBenchmark",
            dependencies: ["TerminalUI", "NCursesTerminal", "GoLiveThemes", "GoLiveCore"],
            path: "Benchmarks/DashboardBenchmark"
        ),
        .executableTarget(
            name: "DashboardDataBenchmark", dependencies: ["StoreSQLite", "GoLiveCore"],
            path: "Benchmarks/DashboardDataBenchmark"),  // dashboard data: 1 M notifications, first reads
        .executableTarget(
            name: "ForwardingBackfillBenchmark",  // issue 11: forwarding and backfill throughput
            dependencies: [
                "GoLiveCore", "StoreSQLite", "ShopForwarding", "MercadoPagoSandbox", "MercadoPagoClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/ForwardingBackfillBenchmark"
        ),
        .executableTarget(
            name: "StoreScaleBenchmark",  // issue 10: notifications on PostgreSQL, one and two instances, vs SQLite
            dependencies: [
                "GoLiveCore", "StoreSQLite", "StorePostgres", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/StoreScaleBenchmark"
        ),

        .testTarget(name: "GoLiveCoreTests", dependencies: ["GoLiveCore"]),
        .testTarget(name: "NCursesTerminalTests", dependencies: ["NCursesTerminal"]),  // Ctrl-Z: the stop holds
        .testTarget(
            name: "TerminalUITests", dependencies: ["TerminalUI", "GoLiveThemes", "GoLiveCore"],
            exclude: ["Snapshots"]  // text fixtures read at run time by path
        ),
        .testTarget(name: "GoLiveConfigTests", dependencies: ["GoLiveConfig", "GoLiveCore"]),
        .testTarget(
            name: "MercadoPagoClientTests",
            dependencies: [
                "MercadoPagoClient", "MercadoPagoSandbox", "GoLiveCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "StoreSQLiteTests", dependencies: ["StoreSQLite", "GoLiveCore"]),
        .target(
            name: "GoLiveTestSupport",  // shared by test targets: a throwaway PostgreSQL database per test
            dependencies: [
                "GoLiveCore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/GoLiveTestSupport"
        ),
        .testTarget(
            name: "StoreContractTests",  // issue 10: one suite, run against SQLite and PostgreSQL
            dependencies: ["GoLiveCore", "StoreSQLite", "StorePostgres", "GoLiveTestSupport"]
        ),
        .testTarget(
            name: "ScaleOutTests",  // issue 10: real golive serve processes and walls on one PostgreSQL
            dependencies: [
                "golive", "GoLiveCore", "StorePostgres", "GoLiveTestSupport", "MercadoPagoSandbox",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "MercadoPagoSandboxTests",
            dependencies: [
                "MercadoPagoSandbox", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "WebhookSignatureTests", dependencies: ["WebhookSignature", "GoLiveCore"]),
        .testTarget(
            name: "WebhookServerTests",
            dependencies: [
                "golive", "WebhookServer", "WebhookSignature", "StoreSQLite", "GoLiveCore", "MercadoPagoSandbox",
                "MercadoPagoClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                "ShopForwarding", .product(name: "Crypto", package: "swift-crypto"),  // forwarding (issue 11)
                .product(name: "Hummingbird", package: "hummingbird"),  // forwarding: the shop's test server
            ]
        ),
        .testTarget(
            name: "GoLiveCLITests",
            dependencies: [
                "golive", "GoLiveCLI", "GoLiveCore", "MercadoPagoSandbox", "StoreSQLite", "LoopbackHTTPS",
                "TerminalUI",
                "MercadoPagoClient",  // dashboard data: a checker against the Sandbox with faults
            ]
        ),
        .testTarget(
            name: "NotificationURLTests",  // issue 11: notifications.url over real HTTPS on loopback
            dependencies: [
                "NotificationURLProbe", "GoLiveCore", "LoopbackHTTPS", "WebhookServer", "WebhookSignature",
                "StoreSQLite", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                "MercadoPagoSandbox",  // issue 11: the URL measured end to end through the Sandbox
            ]
        ),
        .testTarget(
            name: "TLSInspectionTests",
            dependencies: ["TLSInspection", "GoLiveCore", "LoopbackHTTPS"]
        ),
        .testTarget(
            name: "AlertTests",  // alerts (issue 11)
            dependencies: [
                "golive", "AlertTargets", "GoLiveCore", "GoLiveConfig", "StoreSQLite", "MercadoPagoSandbox",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "QualityTests",
            dependencies: ["GoLiveCore", "MercadoPagoClient", "MercadoPagoSandbox", "StoreSQLite"]
        ),
    ]
)

// The same language settings everywhere; warnings are errors for our own targets only.
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings += [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .treatAllWarnings(as: .error),
    ]
    target.swiftSettings = settings
}
