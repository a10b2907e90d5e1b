// swift-tools-version:6.0
// SPDX-License-Identifier: Apache-2.0
// Fuzz targets for Annota's parsers (libFuzzer), outside the normal build: `make fuzz FUZZ_SECONDS=N`
// builds every module with `-sanitize=fuzzer,address` (so the code under test has coverage) and runs
// each target for N seconds on its seed corpus.
import PackageDescription

func target(_ name: String, _ products: String...) -> Target {
  .executableTarget(
    name: name, dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: "Annota") },
    path: "Sources/\(name)")
}

/// An annotation-tool reader's target (the shared driver does the work).
func toolTarget(_ name: String) -> Target {
  .executableTarget(name: name, dependencies: ["FuzzSupport", "FuzzToolSupport"], path: "Sources/\(name)")
}

let package = Package(
  name: "AnnotaFuzz",
  dependencies: [.package(name: "Annota", path: "..")],
  targets: [
    .target(name: "FuzzSupport"),
    target("FuzzManifest", "AnnotaModel"),
    target("FuzzGeoJSON", "AnnotaModel"),
    target("FuzzOMEXML", "AnnotaImport"),
    target("FuzzTIFF", "AnnotaTIFF"),
    target("FuzzRaster", "AnnotaRaster", "AnnotaImport"),
    .target(
      name: "FuzzToolSupport",
      dependencies: [
        "FuzzSupport", .product(name: "AnnotaImport", package: "Annota"),
        .product(name: "AnnotaModel", package: "Annota"),
      ]),
    toolTarget("FuzzCVAT"),
    toolTarget("FuzzVOC"),
    toolTarget("FuzzCellCounter"),
    toolTarget("FuzzTrackMate"),
    toolTarget("FuzzCOCO"),
    toolTarget("FuzzLabelMe"),
    toolTarget("FuzzNPY"),
    toolTarget("FuzzYOLO"),
    toolTarget("FuzzNNUNet"),
    toolTarget("FuzzDeepLabCut"),
    target("FuzzYOLOLabels", "AnnotaImport"),
    target("FuzzRLE", "AnnotaImport"),
    target("FuzzHDF5", "AnnotaImport", "AnnotaHDF5"),
    target("FuzzFileList", "AnnotaValidation"),
    target("FuzzZip", "AnnotaPackaging"),
    target("FuzzValidate", "AnnotaValidation", "AnnotaPackaging", "AnnotaHDF5"),
  ],
  swiftLanguageModes: [.v6]
)
