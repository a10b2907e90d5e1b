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
    guard !selection.indices.isEmpty else {
      return out + "<p>No image cards (<code>--max-images 0</code>, or no image in the dataset).</p></section>"
    }
    let offered = filterClasses
    out += controls(offered)
    out += "<p id=\"shown\" aria-live=\"polite\"></p><div id=\"cards\">"
    for index in selection.indices { out += card(content.images[index], offered: Set(offered)) }
    return out + "</div></section>"
  }

  private func controls(_ classes: [String]) -> String {
    var out = "<div id=\"controls\" class=\"controls\" hidden><label for=\"filter-split\">Split</label>"
    out += "<select id=\"filter-split\"><option value=\"\">all</option>"
    out += content.splits.map { "<option value=\"\(h($0))\">\(h($0))</option>" }.joined() + "</select>"
    out += "<label for=\"filter-class\">Class</label><select id=\"filter-class\"><option value=\"\">all</option>"
    out += classes.map { "<option value=\"\(h($0))\">\(h($0))</option>" }.joined() + "</select>"
    if content.classes.count > classes.count {
      out += "<span class=\"more\">(the \(classes.count) classes with the most objects)</span>"
    }
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

  /// The classes the class filter offers: the 50 with the most objects (a page stays bounded when a
  /// semantic image holds thousands of values).
  private var filterClasses: [String] {
    content.classes.sorted { ($0.value.objects, $1.key) > ($1.value.objects, $0.key) }.prefix(50).map(\.key).sorted()
  }

  /// Whether a set is drawn before the reader chooses: shapes, and the first label-image set (two
  /// instance masks over each other hide each other).
  private func isShownFirst(_ set: String) -> Bool {
    let labelSets = content.manifest.annotationSets.filter { $0.encoding == .labelImage }.map(\.id)
    return !labelSets.contains(set) || labelSets.first == set
  }

  private func card(_ record: DatasetContent.ImageRecord, offered: Set<String>) -> String {
    let image = record.image
    let picture = pictures[record.index]
    let classes = record.objects.keys.sorted()
    var out =
      "<article class=\"card\" id=\"card-\(record.index)\" tabindex=\"-1\" data-split=\"\(h(image.split ?? ""))\""
    out +=
      " data-classes=\"\(h(classes.filter(offered.contains).joined(separator: "\n")))\" data-findings=\"\(record.issues)\""
    out += " data-objects=\"\(record.primaryObjects)\" data-name=\"\(h(image.id))\" data-order=\"\(record.index)\">"
    out += "<h3>\(h(image.id))</h3>"
    if let picture, let png = picture.png {
      let drawn = (picture.layers.map(\.set) + picture.shapes.map(\.set))
      var alt = "\(image.id): \(image.path), \(picture.sourceWidth)×\(picture.sourceHeight)"
      let shown = drawn.filter(isShownFirst)
      if !shown.isEmpty { alt += ", with \(shown.joined(separator: ", ")) drawn over it" }
      if shown.count < drawn.count {
        alt += " (\(drawn.filter { !isShownFirst($0) }.joined(separator: ", ")) switchable)"
      }
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
      out += "<div class=\"unreadable\"><p><strong>Could not be drawn.</strong> \(h(reason))</p></div>"
    }
    out += "<dl><dt>File</dt><dd><code>\(h(image.path))</code></dd>"
    out += "<dt>Split</dt><dd>\(h(image.split ?? "none"))</dd>"
    out += "<dt>Objects</dt><dd>\(record.primaryObjects)"
    if !classes.isEmpty {
      out += " (" + classes.prefix(12).map { "\(h($0)): \(record.objects[$0]!)" }.joined(separator: ", ")
      out += (classes.count > 12 ? ", … \(classes.count - 12) more classes" : "") + ")"
    }
    out += "</dd>"
    if !record.imageLabels.isEmpty {
      out += "<dt>Labels</dt><dd>" + record.imageLabels.map { "\(h($0.set)): \(h($0.label))" }.joined(separator: ", ")
      out += "</dd>"
    }
    let omitted = record.omitted.values.reduce(0, +)
    out += "<dt>Findings</dt><dd>\(record.findings.count + omitted)"
    if !record.unchecked.isEmpty { out += ", \(record.unchecked.count) could not check" }
    out += "</dd></dl>"
    let total = record.findings.count + omitted + record.unchecked.count
    if total > 0 {
      out += "<ul class=\"card-findings\">"
      for number in record.findings.prefix(5) {
        let finding = run.report.diagnostics[number]
        out += "<li><span class=\"sev \(finding.severity.rawValue)\">\(finding.severity.rawValue)</span> "
        out += "<code>\(h(finding.rule.rawValue))</code> \(inlineCode(finding.message))</li>"
      }
      let uncheckedShown = record.unchecked.prefix(max(0, 5 - record.findings.count))
      for number in uncheckedShown {
        let item = run.report.unchecked[number]
        out += "<li><span class=\"sev unchecked\">not checked</span> <code>\(h(item.rule.rawValue))</code> "
        out += "<code>\(h(item.location.file))</code>: \(inlineCode(item.reason))</li>"
      }
      let listed = min(5, record.findings.count) + uncheckedShown.count
      if total > listed { out += "<li class=\"more\">… and \(total - listed) more</li>" }
      out += "</ul>"
    }
    if let notes = picture?.notes, !notes.isEmpty {
      out += "<p class=\"notes\">" + notes.prefix(3).map(h).joined(separator: "<br>") + "</p>"
    }
    return out + "</article>"
  }
}
