// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaTestSupport
import Foundation
import Testing

/// A generated dataset with every field the catalog records use: the export tests' semantic blocks
/// (four images with class label images), a class table over all images, and a study with a Zenodo
/// DOI, a BIA accession, a bioimage.io link, a paper, RAI statements and a version.
enum CatalogFixture {
  /// The study, one top-level key per entry, so a test can leave one out.
  static let study: [(key: String, yaml: String)] = [
    ("title", "  title: Generated blocks for catalog records"),
    ("description", "  description: Two classes of blocks <in> four images, for the catalog tests & their peers."),
    (
      "authors",
      """
        authors:
          - name: Test Author
            given_name: Test
            family_name: Author
            orcid: 0000-0002-1825-0097
            github_user: test-author
            affiliations:
              - name: Example Institute
                ror: https://ror.org/02catss52
      """
    ),
    ("licence", "  licence: CC-BY-4.0"),
    ("keywords", "  keywords: [blocks, segmentation, test]"),
    (
      "funding",
      """
        funding:
          statement: Funded by nobody.
          grants:
            - {id: G-1, funder: Example Funder}
      """
    ),
    (
      "publications",
      """
        publications:
          - {title: A paper about blocks, authors: Author T, doi: 10.1234/blocks.5678, year: 2025}
      """
    ),
    ("links", "  links:\n    - {url: \"https://bioimage.io/#/artifacts/blocks\", description: bioimage.io record}"),
    ("release_date", "  release_date: \"2026-01-15\""),
    ("accession_id", "  accession_id: S-BIAD9999"),
    ("doi", "  doi: 10.5281/zenodo.1234567"),
    ("limitations", "  limitations: Synthetic blocks only."),
    ("biases", "  biases: Every block is axis-aligned."),
    ("sensitive_data", "  sensitive_data: None."),
  ]

  /// Writes the dataset into a new temporary folder.
  /// - Parameters:
  ///   - without: study keys to leave out.
  ///   - replacing: study keys whose YAML to replace.
  ///   - images: keep the images (`false`: the manifest lists none, the files stay).
  /// - Returns: the folder.
  static func dataset(without: Set<String> = [], replacing: [String: String] = [:], images: Bool = true) throws
    -> TemporaryFolder
  {
    let folder = try TrainingFixture.semantic()
    let manifestPath = folder.file("annota.yaml")
    var manifest = try String(contentsOfFile: manifestPath, encoding: .utf8)
    let studyStart = try #require(manifest.range(of: "study:\n"))
    let studyEnd = try #require(manifest.range(of: "images:\n"))
    let studyText = study.filter { !without.contains($0.key) }.map { replacing[$0.key] ?? $0.yaml }
      .joined(separator: "\n")
    manifest.replaceSubrange(studyStart.upperBound..<studyEnd.lowerBound, with: studyText + "\n")
    if !images {
      let imagesStart = try #require(manifest.range(of: "images:\n"))
      let tablesStart = try #require(manifest.range(of: "label_tables:\n"))
      manifest.replaceSubrange(imagesStart.lowerBound..<tablesStart.lowerBound, with: "images: []\n")
    }
    let provenance = [
      "    label_table: classes", "    method: Painted by a program as two blocks per image.",
      "    coverage: Every image.", "    provenance:", "      origin: manual", "      annotators:",
      "        - {name: Cleo Curator, given_name: Cleo, family_name: Curator, expertise: expert, years: 4}",
      "      software:", "        - {name: blockpaint, version: \"1.2\"}", "      agreement:",
      "        - {metric: dice, value: 0.93, annotators: 2, images: 4}", "    pairing:",
    ]
    manifest = manifest.replacingOccurrences(
      of: "    label_table: classes\n    pairing:", with: provenance.joined(separator: "\n"))
    manifest = manifest.replacingOccurrences(
      of: "splits:\n",
      with: """
          - id: quality
            name: Image quality
            overview: One class per image.
            types: [class_labels]
            encoding: class_table
            label_table: quality-classes
            method: Judged by eye.
            files:
              - path: classes/quality.tsv
                images: [img1, img2, img3, img4]
        splits:

        """)
    manifest = manifest.replacingOccurrences(
      of: "annotation_sets:\n",
      with:
        "  - id: quality-classes\n    labels:\n      - {value: 1, name: good}\n      - {value: 2, name: poor}\nannotation_sets:\n"
    )
    manifest += "versions:\n  - {version: \"1.1\", timestamp: \"2026-01-15T00:00:00Z\", changes: First release.}\n"
    let table = try folder.write(
      "image\tlabel\nimg1\tgood\nimg2\tpoor\nimg3\tgood\nimg4\tgood\n", to: "classes/quality.tsv")
    manifest = manifest.replacingOccurrences(
      of: "      - path: classes/quality.tsv\n",
      with: "      - path: classes/quality.tsv\n        checksum: \"sha256:\(try FileDigest.sha256(table))\"\n")
    try folder.write(manifest, to: "annota.yaml")
    return folder
  }
}
