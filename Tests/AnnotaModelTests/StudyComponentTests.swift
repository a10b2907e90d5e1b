// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Testing

/// REMBI study components, image analysis methods and derived images (standard 0.2).
@Suite("Study components")
struct StudyComponentTests {
  static let components = """
    biosamples:
      - id: hela
        organism:
          scientific_name: Homo sapiens
        biological_entity: HeLa cells
    analysis_methods:
      - id: count
        description: Nuclei counted per image.
        features_analysed: nucleus count
    study_components:
      - id: light
        title: Widefield images
        description: The widefield images.
        biosamples: [hela]
        analysis_methods: [count]
        exemplar_image: cat
      - id: em
        title: Electron micrographs
        description: The electron micrographs.
    """

  static func manifest(images: String, components: String = components) -> String {
    TestManifest.yaml(set: TestManifest.geojsonSet()).replacing(
      "images:\n  - id: cat\n    path: images/cat.jpg\n  - id: dog\n    path: images/dog.jpg\n",
      with: components + "\nimages:\n" + images)
  }

  static let good = """
      - id: cat
        path: images/cat.jpg
        component: light
      - id: dog
        path: images/dog.jpg
        component: em
        derived_from:
          images: [cat]
          protocol: Registered onto cat and resampled.

    """

  @Test func componentsMethodsAndDerivationsAreRead() throws {
    let result = TestManifest.read(Self.manifest(images: Self.good))
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let manifest = try #require(result.manifest)
    #expect(manifest.studyComponents.map(\.id) == ["light", "em"])
    #expect(manifest.studyComponents[0].exemplarImage == "cat")
    #expect(manifest.analysisMethods.first?.featuresAnalysed == "nucleus count")
    #expect(
      manifest.images[1].derivedFrom == Derivation(images: ["cat"], protocol: "Registered onto cat and resampled."))
  }

  @Test func everyImageNamesItsComponent() {
    let images = Self.good.replacing("    component: em\n", with: "")
    let result = TestManifest.read(Self.manifest(images: images))
    #expect(result.diagnostics.map(\.rule) == [ManifestRules.componentMissing.id])
    #expect(result.diagnostics.first?.location.pointer == "/images/1")
  }

  @Test func referencesResolve() {
    let images = Self.good.replacing("component: em", with: "component: xray")
      .replacing("images: [cat]", with: "images: [dog]")
    let components = Self.components.replacing("analysis_methods: [count]", with: "analysis_methods: [counting]")
      .replacing("exemplar_image: cat", with: "exemplar_image: mouse")
    let result = TestManifest.read(Self.manifest(images: images, components: components))
    let dangling = result.diagnostics.filter { $0.rule == ManifestRules.danglingReference.id }
    #expect(
      Set(dangling.compactMap(\.location.pointer)) == [
        "/images/1/component", "/images/1/derived_from/images/0", "/study_components/0/analysis_methods/0",
        "/study_components/0/exemplar_image",
      ], "\(result.diagnostics)")
    #expect(dangling.contains { $0.message.contains("derived from itself") })
  }

  @Test func componentIdsAreUnique() {
    let components = Self.components.replacing("  - id: em\n", with: "  - id: light\n")
    let images = Self.good.replacing("component: em", with: "component: light")
    let result = TestManifest.read(Self.manifest(images: images, components: components))
    #expect(result.diagnostics.map(\.rule) == [ManifestRules.duplicate.id])
  }
}
