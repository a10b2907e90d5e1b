// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaWorkflows
import Foundation

/// A comparison (`annota compare --format json`) on the page: every image's score, worst first, and
/// the worst images with the reference's and the candidate's outlines over them.
struct ComparisonSection {
  /// One image's row.
  struct Row {
    var scores: ComparisonResults.ImageScores
    /// The dataset image it is, when it is one.
    var image: Image?
  }

  /// Outline colours (Okabe–Ito blue and orange: told apart by colour-blind readers).
  static let referenceColour = LabelOverlay.Colour(0x00, 0x72, 0xB2)
  static let candidateColour = LabelOverlay.Colour(0xE6, 0x9F, 0x00)
  /// Images drawn with outlines at most.
  static let maxDrawn = 24

  var results: ComparisonResults
  var rows: [Row]
  var pictures: [Int: CardPicture]
  /// The dataset folder (paths inside it are shown relative to it).
  var folder: String

  /// Ranks the images and draws the worst.
  static func build(
    _ results: ComparisonResults, manifest: Manifest, folder: String, side: Int, projection: DisplayPlane.Projection,
    width: Int
  ) async -> ComparisonSection {
    let byID = Dictionary(manifest.images.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    // Names as compare pairs folders: without folders, extension and mask suffixes (`_mask`, …).
    let byStem = Dictionary(
      manifest.images.map { (ComparisonPairing.baseName(stem($0.path)), $0) }, uniquingKeysWith: { a, _ in a })
    let rows = results.images.map { scores in
      Row(
        scores: scores,
        image: byID[scores.name] ?? byStem[ComparisonPairing.baseName(stem(scores.name))]
          ?? byStem[ComparisonPairing.baseName(stem(scores.referenceFile))])
    }.sorted { ($0.scores.score ?? -1, $0.scores.name) < ($1.scores.score ?? -1, $1.scores.name) }
    let drawn = Array(rows.enumerated().filter { $0.element.image != nil }.prefix(maxDrawn))
    var pictures: [Int: CardPicture] = [:]
    let sets = (
      reference: AnnotationSet(
        id: "reference", name: results.reference, overview: "", types: [], encoding: .labelImage, files: []),
      candidate: AnnotationSet(
        id: "candidate", name: results.candidate, overview: "", types: [], encoding: .labelImage, files: [])
    )
    try? await BoundedParallel.forEach(drawn, width: width) { entry in
      let row = entry.element
      let image = row.image!
      return (
        entry.offset,
        CardPicture.draw(
          image, at: folder + "/" + image.path,
          files: [
            (sets.reference, row.scores.referenceFile, locate(row.scores.referenceFile, folder: folder)),
            (sets.candidate, row.scores.candidateFile, locate(row.scores.candidateFile, folder: folder)),
          ], manifest: manifest, side: side, projection: projection,
          outlines: ["reference": referenceColour, "candidate": candidateColour])
      )
    } emit: { _, result in
      pictures[result.0] = result.1
    }
    return ComparisonSection(results: results, rows: rows, pictures: pictures, folder: folder)
  }

  /// Where a compared file is: as written (absolute, or from where `compare` ran), else inside the dataset.
  private static func locate(_ path: String, folder: String) -> String {
    if FileManager.default.fileExists(atPath: path) { return path }
    let name = path.split(separator: "/").suffix(2).joined(separator: "/")
    return folder + "/" + name
  }

  private static func stem(_ path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return name.split(separator: ".").first.map(String.init) ?? name
  }

  func html() -> String {
    var out = "<section id=\"compare\" aria-labelledby=\"compare-h\"><h2 id=\"compare-h\">Compare results</h2>"
    out += "<p>Candidate <code>\(h(results.candidate))</code> against reference <code>\(h(results.reference))</code> "
    out += "(\(h(results.mode))): \(results.images.count) images, worst \(h(results.scoreName)) first. Outlines: "
    out += "<span class=\"swatch\" style=\"background:\(ShapeSVG.hex(Self.referenceColour))\"></span> reference, "
    out += "<span class=\"swatch\" style=\"background:\(ShapeSVG.hex(Self.candidateColour))\"></span> candidate.</p>"
    let foreign = rows.filter { $0.image == nil }.count
    if foreign > 0 {
      out += "<p class=\"verdict partial\">\(foreign) of \(rows.count) compared images are not images of this dataset "
      out += "(by id, or by file name without mask suffixes): they are listed, not drawn.</p>"
    }
    out += "<div class=\"compare-cards\">"
    for (offset, row) in rows.enumerated() {
      guard let picture = pictures[offset], let image = row.image else { continue }
      out += "<article class=\"compare-card\" id=\"compare-\(offset)\"><h3>\(h(image.id)): \(score(row))</h3>"
      if let png = picture.png {
        out += "<figure class=\"pic\" style=\"width:\(picture.width)px;height:\(picture.height)px\">"
        out += "<img class=\"thumb\" src=\"\(dataURI(png))\" width=\"\(picture.width)\" height=\"\(picture.height)\""
        out += " data-source-width=\"\(picture.sourceWidth)\" data-source-height=\"\(picture.sourceHeight)\""
        out += " alt=\"\(h(image.id)) with the reference's and the candidate's outlines\">"
        for layer in picture.layers {
          out +=
            "<img class=\"layer\" src=\"\(dataURI(layer.png))\" width=\"\(picture.width)\" height=\"\(picture.height)\""
          out += " alt=\"\(h(layer.set)) outlines\">"
        }
        out += "</figure>"
      } else {
        out += "<div class=\"unreadable\"><p><strong>Could not be drawn.</strong> \(h(picture.failure ?? ""))</p></div>"
      }
      if !picture.notes.isEmpty {
        out += "<p class=\"notes\">" + picture.notes.map(h).joined(separator: "<br>") + "</p>"
      }
      out += "</article>"
    }
    out += "</div><table><thead><tr><th scope=\"col\">Image</th><th scope=\"col\">\(h(results.scoreName))</th>"
    out += "<th scope=\"col\">Reference</th><th scope=\"col\">Candidate</th></tr></thead><tbody>"
    for row in rows.prefix(500) {
      out +=
        "<tr><td>\(h(row.scores.name))</td><td>\(score(row))</td><td><code>\(h(relative(row.scores.referenceFile)))</code></td>"
      out += "<td><code>\(h(relative(row.scores.candidateFile)))</code></td></tr>"
    }
    if rows.count > 500 { out += "<tr><td colspan=\"4\">… and \(rows.count - 500) more</td></tr>" }
    return out + "</tbody></table></section>"
  }

  /// A path inside the dataset relative to it: the page names no folder of the machine it was made on.
  private func relative(_ path: String) -> String {
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }

  private func score(_ row: Row) -> String {
    row.scores.score.map { String(format: "%.3f", $0) } ?? "not measured"
  }
}
