// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaValidation
import Foundation

/// The gallery: a card per chosen image (thumbnail with annotations, numbers and findings).
///
/// Filters and sorting work from the cards' `data-` attributes; without JavaScript every card
/// shows, in gallery order.
struct GallerySection {
  var content: DatasetContent
  var run: ValidationRun
  var selection: CardSelection
  var pictures: [Int: CardPicture]

  func html() -> String {
    var out = "<section id=\"gallery\" aria-labelledby=\"gallery-h\"><h2 id=\"gallery-h\">Gallery</h2>"
    if let statement = selection.statement { out += "<p class=\"sampling\">\(h(statement))</p>" }
    out += controls()
    out += "<p id=\"shown\" aria-live=\"polite\"></p><div id=\"cards\">"
    for index in selection.indices { out += card(content.images[index]) }
    return out + "</div></section>"
  }

  private func controls() -> String {
    let classes = content.classes.keys.sorted()
    var out = "<div id=\"controls\" class=\"controls\" hidden><label for=\"filter-split\">Split</label>"
    out += "<select id=\"filter-split\"><option value=\"\">all</option>"
    out += content.splits.map { "<option value=\"\(h($0))\">\(h($0))</option>" }.joined() + "</select>"
    out += "<label for=\"filter-class\">Class</label><select id=\"filter-class\"><option value=\"\">all</option>"
    out += classes.map { "<option value=\"\(h($0))\">\(h($0))</option>" }.joined() + "</select>"
    out += "<label><input type=\"checkbox\" id=\"filter-findings\"> only images with findings</label>"
    out += "<label for=\"sort\">Sort</label><select id=\"sort\"><option value=\"gallery\">findings first</option>"
    out += "<option value=\"name\">name</option><option value=\"objects-desc\">most objects</option>"
    out += "<option value=\"objects-asc\">fewest objects</option></select>"
    // One switch per drawn set: label images as layers, shapes as SVG.
    var sets: [String] = []
    for picture in pictures.values {
      for set in picture.layers.map(\.set) + picture.shapes.map(\.set) where !sets.contains(set) { sets.append(set) }
    }
    let ordered = content.manifest.annotationSets.map(\.id).filter(sets.contains)
    if !ordered.isEmpty {
      out += "<fieldset><legend>Drawn</legend>"
      for set in ordered {
        out += "<label><input type=\"checkbox\" class=\"layer-toggle\" data-set=\"\(h(set))\" "
        out += (isShownFirst(set) ? "checked" : "") + "> \(h(set))</label>"
      }
      out += "</fieldset>"
    }
    return out + "</div>"
  }

  /// Whether a set is drawn before the reader chooses: shapes, and the first label-image set (two
  /// instance masks over each other hide each other).
  private func isShownFirst(_ set: String) -> Bool {
    let labelSets = content.manifest.annotationSets.filter { $0.encoding == .labelImage }.map(\.id)
    return !labelSets.contains(set) || labelSets.first == set
  }

  private func card(_ record: DatasetContent.ImageRecord) -> String {
    let image = record.image
    let picture = pictures[record.index]
    let objects = record.objects.values.reduce(0, +)
    let classes = record.objects.keys.sorted()
    var out =
      "<article class=\"card\" id=\"card-\(record.index)\" tabindex=\"-1\" data-split=\"\(h(image.split ?? ""))\""
    out += " data-classes=\"\(h(classes.joined(separator: "\n")))\" data-findings=\"\(record.issues)\""
    out += " data-objects=\"\(objects)\" data-name=\"\(h(image.id))\" data-order=\"\(record.index)\">"
    out += "<h3>\(h(image.id))</h3>"
    if let picture, let png = picture.png {
      let drawn = (picture.layers.map(\.set) + picture.shapes.map(\.set))
      var alt = "\(image.id): \(image.path), \(picture.sourceWidth)×\(picture.sourceHeight)"
      if !drawn.isEmpty { alt += ", with \(drawn.joined(separator: ", ")) drawn over it" }
      out += "<figure class=\"pic\" style=\"width:\(picture.width)px;height:\(picture.height)px\">"
      out += "<img class=\"thumb\" src=\"\(dataURI(png))\" width=\"\(picture.width)\" height=\"\(picture.height)\""
      out +=
        " data-source-width=\"\(picture.sourceWidth)\" data-source-height=\"\(picture.sourceHeight)\" alt=\"\(h(alt))\">"
      for layer in picture.layers {
        out +=
          "<img class=\"layer\" data-set=\"\(h(layer.set))\" src=\"\(dataURI(layer.png))\" width=\"\(picture.width)\""
        out +=
          " height=\"\(picture.height)\" alt=\"\(h(layer.set)) over \(h(image.id))\"\(isShownFirst(layer.set) ? "" : " hidden")>"
      }
      for shapes in picture.shapes {
        out +=
          "<svg class=\"shapes\" data-set=\"\(h(shapes.set))\" viewBox=\"0 0 \(picture.sourceWidth) \(picture.sourceHeight)\""
        out +=
          " preserveAspectRatio=\"none\" aria-hidden=\"true\"\(isShownFirst(shapes.set) ? "" : " hidden")>\(shapes.svg)</svg>"
      }
      out += "</figure>"
    } else {
      let reason = picture?.failure ?? record.failure ?? "not drawn"
      out += "<div class=\"unreadable\" role=\"img\" aria-label=\"\(h(image.id)) could not be drawn\">"
      out += "<p><strong>Could not be drawn.</strong> \(h(reason))</p></div>"
    }
    out += "<dl><dt>File</dt><dd><code>\(h(image.path))</code></dd>"
    out += "<dt>Split</dt><dd>\(h(image.split ?? "none"))</dd>"
    out += "<dt>Objects</dt><dd>\(objects)"
    if !classes.isEmpty {
      out += " (" + classes.map { "\(h($0)): \(record.objects[$0]!)" }.joined(separator: ", ") + ")"
    }
    out += "</dd>"
    if !record.imageLabels.isEmpty {
      out += "<dt>Labels</dt><dd>" + record.imageLabels.map { "\(h($0.set)): \(h($0.label))" }.joined(separator: ", ")
      out += "</dd>"
    }
    out += "<dt>Findings</dt><dd>\(record.findings.count)"
    if !record.unchecked.isEmpty { out += ", \(record.unchecked.count) could not check" }
    out += "</dd></dl>"
    if record.issues > 0 {
      out += "<ul class=\"card-findings\">"
      for number in record.findings.prefix(5) {
        let finding = run.report.diagnostics[number]
        out += "<li><span class=\"sev \(finding.severity.rawValue)\">\(finding.severity.rawValue)</span> "
        out += "<code>\(h(finding.rule.rawValue))</code> \(h(finding.message))</li>"
      }
      for number in record.unchecked.prefix(max(0, 5 - record.findings.count)) {
        let item = run.report.unchecked[number]
        out += "<li><span class=\"sev unchecked\">not checked</span> <code>\(h(item.rule.rawValue))</code> "
        out += "<code>\(h(item.location.file))</code>: \(h(item.reason))</li>"
      }
      if record.issues > 5 { out += "<li class=\"more\">… and \(record.issues - 5) more</li>" }
      out += "</ul>"
    }
    if let notes = picture?.notes, !notes.isEmpty {
      out += "<p class=\"notes\">" + notes.prefix(3).map(h).joined(separator: "<br>") + "</p>"
    }
    return out + "</article>"
  }
}

/// A PNG as a `data:` URI.
func dataURI(_ png: [UInt8]) -> String { "data:image/png;base64," + Data(png).base64EncodedString() }
