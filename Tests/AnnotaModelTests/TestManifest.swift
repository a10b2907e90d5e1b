// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

/// The small valid manifest the model tests vary: a study, the images `cat` and `dog`, and one
/// annotation set `task` of bounding boxes.
enum TestManifest {
  /// The manifest's YAML.
  /// - Parameters:
  ///   - set: the set's lines after its `types` (indented four spaces, as set fields are).
  ///   - tail: top-level lines after the annotation sets.
  /// - Returns: the text.
  static func yaml(set: String, tail: String = "") -> String {
    """
    annota: "0.2"
    study:
      title: A title long enough for REMBI's minimum
      description: A description long enough for REMBI's minimum.
      authors:
        - name: Ada Example
      licence: CC-BY-4.0
    images:
      - id: cat
        path: images/cat.jpg
      - id: dog
        path: images/dog.jpg
    annotation_sets:
      - id: task
        name: The labelling task
        overview: Boxes drawn in CVAT.
        types: [bounding_boxes]
    \(set)
    \(tail)

    """
  }

  /// A set listing one GeoJSON file of `cat`, with `fields` (set fields, four spaces) before it.
  static func geojsonSet(_ fields: String = "") -> String {
    "    encoding: geojson\n" + (fields.isEmpty ? "" : fields + "\n")
      + "    files:\n      - path: shapes/cat.geojson\n        image: cat"
  }

  /// Reads `text` as `annota.yaml`.
  static func read(_ text: String) -> ManifestReadResult {
    ManifestReader.read(bytes: Array(text.utf8), syntax: .yaml, file: "annota.yaml")
  }
}
