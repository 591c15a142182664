// swift-tools-version: 6.2
import PackageDescription

// The reports benchmark: parses generated release reports with GoLiveCore's streaming parser, in release mode.
// GoLiveCore has no dependencies, so it is compiled here from the main package's sources (a symlink) instead of
// resolving the whole dependency graph. Run it through ../reports.sh, which also measures the pandas anchor.
let package = Package(
    name: "ReportsBenchmark",
    platforms: [.macOS(.v15)],
    targets: [
        .target(
            name: "GoLiveCore", path: "Sources/GoLiveCore",
            resources: [.embedInCode("Resources/quality-rubric.json")]),
        .executableTarget(name: "report-bench", dependencies: ["GoLiveCore"]),
    ]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings += [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ]
    target.swiftSettings = settings
}
