// swift-tools-version:6.0
// SPDX-License-Identifier: Apache-2.0
// Annota: make bioimage annotation datasets AI-ready and archive-ready.
// Layering (docs/architecture.md): C → formats → standard → work → face; arrows point down only.
import PackageDescription

let argumentParser: Target.Dependency = .product(
  name: "ArgumentParser", package: "swift-argument-parser")
let yams: Target.Dependency = .product(name: "Yams", package: "Yams")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")

/// Settings every Swift target shares: explicit `any`, internal imports, member visibility.
let strictSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "Annota",
  products: [
    .library(name: "AnnotaModel", targets: ["AnnotaModel"]),
    .library(name: "AnnotaTIFF", targets: ["AnnotaTIFF"]),
    .library(name: "AnnotaHDF5", targets: ["AnnotaHDF5"]),
    .library(name: "AnnotaXMLSupport", targets: ["AnnotaXMLSupport"]),
    .library(name: "AnnotaRaster", targets: ["AnnotaRaster"]),
    .library(name: "AnnotaImport", targets: ["AnnotaImport"]),
    .library(name: "AnnotaScan", targets: ["AnnotaScan"]),
    .library(name: "AnnotaExport", targets: ["AnnotaExport"]),
    .library(name: "AnnotaMetrics", targets: ["AnnotaMetrics"]),
    .library(name: "AnnotaValidation", targets: ["AnnotaValidation"]),
    .library(name: "AnnotaPackaging", targets: ["AnnotaPackaging"]),
    .library(name: "AnnotaWorkflows", targets: ["AnnotaWorkflows"]),
    .library(name: "AnnotaReport", targets: ["AnnotaReport"]),
    .library(name: "AnnotaCLI", targets: ["AnnotaCLI"]),
    .executable(name: "annota", targets: ["annota"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
  ],
  targets: [
    // C layer: system libraries, each a modulemap plus a `static inline` shim header.
    .systemLibrary(
      name: "CAnnotaTIFF", pkgConfig: "libtiff-4", providers: [.apt(["libtiff-dev"])]),
    .systemLibrary(name: "CAnnotaHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
    .systemLibrary(
      name: "CAnnotaXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
    .systemLibrary(name: "CAnnotaZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(
      name: "CAnnotaDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
    .systemLibrary(name: "CAnnotaPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
    .systemLibrary(
      name: "CAnnotaJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),

    // Format kits: byte-level access to one container format; no notion of annotations.
    .target(name: "AnnotaTIFF", dependencies: ["CAnnotaTIFF"], swiftSettings: strictSettings),
    .target(name: "AnnotaHDF5", dependencies: ["CAnnotaHDF5", "CAnnotaDeflate"], swiftSettings: strictSettings),
    .target(
      name: "AnnotaXMLSupport", dependencies: ["CAnnotaXML2"], swiftSettings: strictSettings),
    .target(name: "AnnotaRaster", dependencies: ["CAnnotaPNG", "CAnnotaJPEG"], swiftSettings: strictSettings),

    // The standard: the dataset model and the manifest, nothing below it but a YAML parser.
    .target(name: "AnnotaModel", dependencies: [yams], swiftSettings: strictSettings),

    // Work: importers from foreign formats into the model (OME-TIFF / OME-XML, label images).
    .target(
      name: "AnnotaImport",
      dependencies: [
        "AnnotaModel", "AnnotaTIFF", "AnnotaHDF5", "AnnotaXMLSupport", "AnnotaRaster", "AnnotaMetrics", "CAnnotaZlib",
        crypto,
      ],
      swiftSettings: strictSettings),

    // Work: a dataset folder read as a whole (scan, `init`'s draft manifest, `status`).
    .target(name: "AnnotaScan", dependencies: ["AnnotaModel", "AnnotaImport"], swiftSettings: strictSettings),

    // Work: conversions out of the model: tool formats (`convert`) and training layouts (`export`).
    .target(
      name: "AnnotaExport", dependencies: ["AnnotaModel", "AnnotaImport", "AnnotaScan", "AnnotaTIFF", "AnnotaRaster"],
      swiftSettings: strictSettings),

    // Work: metrics between two annotations (instance matching as StarDist computes it, overlap).
    .target(name: "AnnotaMetrics", swiftSettings: strictSettings),

    // Work: the validator (rules, report model, renderers).
    .target(
      name: "AnnotaValidation",
      dependencies: [
        "AnnotaModel", "AnnotaImport", "AnnotaScan", "AnnotaTIFF", "AnnotaMetrics", "AnnotaRaster", "AnnotaXMLSupport",
        "AnnotaHDF5",
      ],
      swiftSettings: strictSettings),

    // Work: deposition bundles (BagIt, BIA RO-Crate, zip) and their verification.
    .target(
      name: "AnnotaPackaging", dependencies: ["AnnotaModel", "CAnnotaZlib", crypto], swiftSettings: strictSettings),

    // Work: what spans the work modules, as a library call: the rule catalog, packing, verification.
    .target(
      name: "AnnotaWorkflows",
      dependencies: [
        "AnnotaModel", "AnnotaImport", "AnnotaScan", "AnnotaValidation", "AnnotaPackaging", "AnnotaMetrics",
        "AnnotaExport", "AnnotaTIFF", "AnnotaRaster", "AnnotaXMLSupport", "AnnotaHDF5",
      ],
      swiftSettings: strictSettings),

    // Work: `annota report`, a self-contained HTML page (summary, findings, plots, gallery).
    .target(
      name: "AnnotaReport",
      dependencies: [
        "AnnotaModel", "AnnotaImport", "AnnotaValidation", "AnnotaMetrics", "AnnotaRaster", "AnnotaTIFF",
        "AnnotaWorkflows",
      ],
      swiftSettings: strictSettings),

    // Face: the command-line interface as a library (testable) and a one-file executable.
    .target(
      name: "AnnotaCLI",
      dependencies: [
        "AnnotaModel", "AnnotaImport", "AnnotaScan", "AnnotaExport", "AnnotaValidation", "AnnotaPackaging",
        "AnnotaWorkflows", "AnnotaMetrics", "AnnotaTIFF", "AnnotaHDF5", "AnnotaXMLSupport", "AnnotaRaster",
        "AnnotaReport", argumentParser,
      ],
      swiftSettings: strictSettings),
    .executableTarget(
      name: "annota", dependencies: ["AnnotaCLI", argumentParser], swiftSettings: strictSettings),
    // docs/library.md's five tasks, compiled with the package and run by the tests.
    .target(
      name: "AnnotaExamples", dependencies: ["AnnotaModel", "AnnotaImport", "AnnotaValidation", "AnnotaWorkflows"],
      path: "Examples", swiftSettings: strictSettings),
    // Regenerates Fixtures/demo (`make fixtures`); never run by CI.
    .executableTarget(
      name: "annota-demo-data", dependencies: ["AnnotaModel", "AnnotaTIFF", "AnnotaRaster"],
      swiftSettings: strictSettings),

    // Tests: one target per library, plus a support library for fixture paths.
    .target(
      name: "AnnotaTestSupport", dependencies: ["AnnotaModel"], path: "Tests/AnnotaTestSupport",
      swiftSettings: strictSettings),
    .testTarget(
      name: "AnnotaModelTests", dependencies: ["AnnotaModel", "AnnotaTestSupport"],
      swiftSettings: strictSettings),
    .testTarget(
      name: "AnnotaTIFFTests", dependencies: ["AnnotaTIFF", "AnnotaTestSupport"],
      swiftSettings: strictSettings),
    .testTarget(
      name: "AnnotaHDF5Tests",
      dependencies: [
        "AnnotaHDF5", "CAnnotaHDF5", "AnnotaImport", "AnnotaScan", "AnnotaModel", "AnnotaValidation",
        "AnnotaTestSupport",
      ],
      swiftSettings: strictSettings),
    .testTarget(
      name: "AnnotaRasterTests", dependencies: ["AnnotaRaster", "AnnotaTestSupport"],
      swiftSettings: strictSettings),
    .testTarget(
      name: "AnnotaXMLSupportTests", dependencies: ["AnnotaXMLSupport", "AnnotaTestSupport"],
      swiftSettings: strictSettings),
    .testTarget(
      name: "AnnotaValidationTests",
      dependencies: [
        "AnnotaValidation", "AnnotaImport", "AnnotaScan", "AnnotaModel", "AnnotaTIFF", "AnnotaXMLSupport",
        "AnnotaRaster", "AnnotaMetrics", "AnnotaTestSupport",
      ],
      swiftSettings: strictSettings),
    .testTarget(
      name: "AnnotaImportTests",
      dependencies: ["AnnotaImport", "AnnotaScan", "AnnotaExport", "AnnotaModel", "AnnotaTIFF", "AnnotaTestSupport"],
      swiftSettings: strictSettings),
    .testTarget(
      name: "AnnotaExportTests",
      dependencies: [
        "AnnotaExport", "AnnotaImport", "AnnotaModel", "AnnotaTIFF", "AnnotaRaster", "AnnotaValidation",
        "AnnotaTestSupport",
      ],
      swiftSettings: strictSettings),
    .testTarget(
      name: "AnnotaMetricsTests", dependencies: ["AnnotaMetrics", "AnnotaTestSupport"],
      swiftSettings: strictSettings),
    .testTarget(
      name: "AnnotaPackagingTests", dependencies: ["AnnotaPackaging", "AnnotaModel", "AnnotaTestSupport"],
      swiftSettings: strictSettings),
    .testTarget(
      name: "AnnotaReportTests",
      dependencies: [
        "AnnotaReport", "AnnotaModel", "AnnotaValidation", "AnnotaImport", "AnnotaTIFF", "AnnotaRaster",
        "AnnotaTestSupport",
      ],
      swiftSettings: strictSettings),
    .testTarget(
      name: "AnnotaWorkflowsTests",
      dependencies: [
        "AnnotaWorkflows", "AnnotaExamples", "AnnotaModel", "AnnotaPackaging", "AnnotaValidation", "AnnotaImport",
        "AnnotaMetrics", "AnnotaRaster", "AnnotaTIFF", "AnnotaXMLSupport", "AnnotaTestSupport",
      ],
      swiftSettings: strictSettings),
    .testTarget(
      name: "AnnotaCLITests",
      dependencies: [
        "AnnotaCLI", "AnnotaModel", "AnnotaImport", "AnnotaScan", "AnnotaExport", "AnnotaTIFF", "AnnotaRaster",
        "AnnotaTestSupport", argumentParser,
      ],
      swiftSettings: strictSettings),
  ],
  swiftLanguageModes: [.v6]
)
