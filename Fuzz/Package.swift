// swift-tools-version:6.0
// Fuzz targets for Annota's parsers (libFuzzer), outside the normal build: `make fuzz FUZZ_SECONDS=N`
// builds every module with `-sanitize=fuzzer,address` (so the code under test has coverage) and runs
// each target for N seconds on its seed corpus.
import PackageDescription

func target(_ name: String, _ product: String) -> Target {
  .executableTarget(
    name: name, dependencies: ["FuzzSupport", .product(name: product, package: "Annota")], path: "Sources/\(name)")
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
    target("FuzzToolFormats", "AnnotaImport"),
    target("FuzzZip", "AnnotaPackaging"),
  ],
  swiftLanguageModes: [.v6]
)
