// swift-tools-version:6.2
import PackageDescription

// Targets that read members of libc structs (stat, timespec, sockaddr_un, pollfd) leave MemberImportVisibility off:
// Glibc, CoreFoundation and CDispatch all re-export those headers, and which of them "owns" a member depends on how
// the compiler batches files, so a build could fail at random (the swift-system and swift-nio projects hit the same).
let systemSwiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// Clean module boundaries are enforced by the compiler, as in Hummingbird's own manifest.
let swiftSettings: [SwiftSetting] = systemSwiftSettings + [.enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
    name: "scimdir",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "scimdir", targets: ["scimdir"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // The SCIM protocol core: JSON, schemas, validation, filters, PATCH, list queries. Foundation only, no I/O.
        .target(name: "SCIM", swiftSettings: swiftSettings),
        // The directory of JSON files: atomic writes, the snapshot and its indexes, the single writer, the watcher.
        .target(
            name: "DirectoryStore",
            dependencies: [
                "SCIM",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HashTreeCollections", package: "swift-collections"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: systemSwiftSettings
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // SAML 2.0 metadata (EntityDescriptor, EntitiesDescriptor) parsed safely with libxml2.
        .target(
            name: "SAMLMetadata",
            dependencies: [
                "CLibXML2",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Snapshot diffs, the outbox, delivery, the mass-deprovisioning guard and SAML reconciliation.
        .target(
            name: "Deprovisioning",
            dependencies: [
                "SCIM", "DirectoryStore", "SAMLMetadata",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HashTreeCollections", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP surface: Hummingbird routes, bearer authentication, limits, SCIM error responses, metrics.
        .target(
            name: "SCIMServer",
            dependencies: [
                "SCIM", "DirectoryStore", "Deprovisioning",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "scimdir",
            dependencies: [
                "SCIM", "DirectoryStore", "SAMLMetadata", "Deprovisioning", "SCIMServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: systemSwiftSettings
        ),
        .testTarget(
            name: "SCIMTests",
            dependencies: ["SCIM", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "DirectoryStoreTests", dependencies: ["DirectoryStore", "SCIM"], swiftSettings: systemSwiftSettings),
        .testTarget(
            name: "SAMLMetadataTests",
            dependencies: ["SAMLMetadata"],
            resources: [.copy("Fixtures")],
            swiftSettings: systemSwiftSettings
        ),
        .testTarget(
            name: "DeprovisioningTests",
            dependencies: [
                "Deprovisioning", "DirectoryStore", "SCIM", "SAMLMetadata",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SCIMServerTests",
            dependencies: [
                "SCIMServer", "SCIM", "DirectoryStore", "Deprovisioning",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            resources: [.copy("Transcripts")],
            swiftSettings: swiftSettings
        ),
        // Tests of the real `scimdir` binary (depending on the executable target makes `swift test` build it).
        .testTarget(
            name: "scimdirTests",
            dependencies: [
                "scimdir", "SCIM", "DirectoryStore",
                .product(name: "Logging", package: "swift-log"),
                // A TLS client and a self-signed certificate for the built-in TLS.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: systemSwiftSettings
        ),
    ]
)

// The libFuzzer targets of Tests/Fuzz/, declared only when Tests/Fuzz/run.sh builds them (it sets SCIMDIR_FUZZ and
// `--sanitize=fuzzer`): a plain `swift build` or `swift test` neither sees nor builds them.
if Context.environment["SCIMDIR_FUZZ"] != nil {
    package.targets += [
        .target(
            name: "FuzzSupport", dependencies: ["SCIM"], path: "Tests/Fuzz/FuzzSupport", swiftSettings: swiftSettings),
        .executableTarget(
            name: "FilterFuzzer", dependencies: ["SCIM", "FuzzSupport"], path: "Tests/Fuzz/FilterFuzzer",
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "PatchFuzzer", dependencies: ["SCIM", "FuzzSupport"], path: "Tests/Fuzz/PatchFuzzer",
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "ValidationFuzzer", dependencies: ["SCIM", "FuzzSupport"], path: "Tests/Fuzz/ValidationFuzzer",
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "SAMLMetadataFuzzer", dependencies: ["SAMLMetadata", "FuzzSupport"],
            path: "Tests/Fuzz/SAMLMetadataFuzzer", swiftSettings: swiftSettings),
    ]
}
