// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
public import AnnotaModel
import AnnotaTIFF
import FoundationEssentials

// Names, ids and summaries an import derives from files and their content.
extension DatasetImporter {
  /// Instance or semantic, from label statistics: a few values that each spread over much of the
  /// image are classes; many compact ones are objects.
  /// - Parameter labels: the statistics.
  /// - Returns: the inferred kind.
  public static func inferKind(_ labels: LabelStatistics) -> AnnotationKind {
    let area = Double(max(1, labels.width * labels.height))
    let spread = labels.labels.contains { label in
      Double((label.bbox[2] - label.bbox[0]) * (label.bbox[3] - label.bbox[1])) > area * 0.25
    }
    return labels.labels.count <= 10 && spread ? .semantic : .instance
  }

  /// The MIFA annotation types shapes amount to.
  package static func mifaTypes(_ features: [ShapeFeature]) -> [AnnotationType] {
    var types: [AnnotationType] = []
    let kinds = Set(features.map(\.shape))
    if kinds.contains("box") { types.append(.boundingBoxes) }
    if !kinds.isDisjoint(with: ["polygon", "polyline", "line", "ellipse"]) { types.append(.geometricalAnnotations) }
    if !kinds.isDisjoint(with: ["point", "label", "keypoint"]) { types.append(.pointAnnotations) }
    return types.isEmpty ? [.other] : types
  }

  /// Shape counts in words (`2 point, 3 polygon`).
  package static func describe(_ features: [ShapeFeature]) -> String {
    describe(counts: features.reduce(into: [:]) { $0[$1.shape, default: 0] += 1 })
  }

  /// Shape counts in words, from counts per kind.
  package static func describe(counts: [String: Int]) -> String {
    counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
  }

  /// A path's file name without its extension (`a/b.ome.tif` gives `b`).
  package static func stem(of path: String) -> String {
    var name = path.split(separator: "/").last.map(String.init) ?? path
    for suffix in [
      ".ome.tiff", ".ome.tif", ".ome.xml", ".companion.ome", ".tiff", ".tif", ".xml", ".ome", ".hdf5", ".h5", ".ilp",
      ".png", ".jpg", ".jpeg", ".bmp", ".geojson", ".json", ".yaml", ".yml", ".csv", ".npy",
    ]
    where name.lowercased().hasSuffix(suffix) {
      name = String(name.dropLast(suffix.count))
      break
    }
    return name
  }

  /// A stem without the label suffix that pairs it with its image (`a_mask` gives `a`).
  package static func baseName(_ stem: String) -> String {
    var name = stem
    for suffix in ["_cp_masks", "_mask", "_masks", "_labels", "_label", "_seg", "_segmentation", "-mask", "-labels"]
    where name.lowercased().hasSuffix(suffix) {
      name = String(name.dropLast(suffix.count))
    }
    return name
  }

  /// The local id Annota derives from a file or folder name: ASCII letters, digits, `_`, `.` and `-`,
  /// accented Latin letters as their base letter, other scripts as their code points, and one hyphen
  /// for each run of anything else.
  /// - Parameter stem: the name.
  /// - Returns: the id (`imported` when nothing of the name is left).
  public static func identifier(from stem: String) -> String {
    var cleaned = ""
    for scalar in stem.unicodeScalars {
      if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        || scalar == "_" || scalar == "."
      {
        cleaned.unicodeScalars.append(scalar)
      } else if let latin = latinLetters[Character(scalar)] {
        // Accented Latin letters keep their base letter: `Zellkern_ä` → `Zellkern_a`, not `Zellkern_-`.
        cleaned += latin
      } else if let latin = latinLetters[Character(String(scalar).lowercased())] {
        cleaned += latin.uppercased()
      } else if scalar.properties.isAlphabetic {
        // Other scripts: the code point, so that two names never become one id.
        cleaned += "u" + String(scalar.value, radix: 16)
      } else if !cleaned.hasSuffix("-") {
        // Spaces, brackets, punctuation: one hyphen for a run of them.
        cleaned += "-"
      }
    }
    let trimmed = cleaned.drop { !$0.isLetter && !$0.isNumber }.reversed().drop { $0 == "-" || $0 == "." }.reversed()
    return trimmed.isEmpty ? "imported" : String(trimmed)
  }

  /// Lower-case accented Latin letters and their plain spelling.
  private static let latinLetters: [Character: String] = {
    var table: [Character: String] = [
      "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "þ": "th",
    ]
    let groups: [(String, String)] = [
      ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"),
      ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"), ("òóôõöōŏő", "o"),
      ("ŕŗř", "r"), ("śŝşš", "s"), ("ţťŧ", "t"), ("ùúûüũūŭůűų", "u"), ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"),
    ]
    for (letters, plain) in groups { for letter in letters { table[letter] = plain } }
    return table
  }()

  /// The folder of a path (`.` for a bare name).
  package static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return String(path[..<slash])
  }
}
