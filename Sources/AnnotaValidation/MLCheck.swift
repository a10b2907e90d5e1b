// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel

/// The `ML` rules (profile `ml`, AI-readiness): splits declared and exhaustive, no identical image
/// content in two splits, and how much of the dataset is annotated.
struct MLCheck {
  let root: String
  let manifest: Manifest
  let present: Set<String>

  func check() -> [Diagnostic] {
    var findings: [Diagnostic] = []
    let manifestFile = SourceLocation(file: "annota.yaml")
    if manifest.splits.isEmpty {
      findings.append(
        MLRules.splits.finding(
          "no splits are declared", hint: "declare `splits` (e.g. train, validation, test) and give every image one",
          at: SourceLocation(file: "annota.yaml", pointer: "/splits")))
    } else {
      let unsplit = manifest.images.enumerated().filter { $0.element.split == nil }
      if !unsplit.isEmpty {
        var place = manifestFile
        place.pointer = "/images/\(unsplit[0].offset)/split"
        findings.append(
          MLRules.splits.finding(
            "\(unsplit.count) of \(manifest.images.count) image(s) belong to no split (first: \(unsplit[0].element.id))",
            hint: "give every image a `split`", at: place))
      }
    }
    // Leakage: the same bytes in two splits.
    var splitOfDigest: [String: (split: String, path: String)] = [:]
    for image in manifest.images where present.contains(image.path) {
      guard let split = image.split, let digest = try? FileDigest.sha256(root + "/" + image.path) else { continue }
      if let earlier = splitOfDigest[digest], earlier.split != split {
        findings.append(
          MLRules.leakage.finding(
            "has the same content as \(earlier.path), which is in split \(earlier.split); this one is in \(split)",
            hint: "keep identical images in one split, or remove the duplicate", at: SourceLocation(file: image.path)))
      } else if splitOfDigest[digest] == nil {
        splitOfDigest[digest] = (split, image.path)
      }
    }
    // Coverage: images with at least one annotation file.
    let annotated = Set(manifest.annotationSets.flatMap { $0.files.compactMap(\.image) })
    let covered = manifest.images.filter { annotated.contains($0.id) }.count
    if !manifest.images.isEmpty, covered < manifest.images.count {
      findings.append(
        MLRules.coverage.finding(
          "\(covered) of \(manifest.images.count) image(s) (\(covered * 100 / manifest.images.count)%) have annotations",
          hint: "say in each set's `coverage` which images were left out and why", at: manifestFile))
    }
    return findings
  }
}
