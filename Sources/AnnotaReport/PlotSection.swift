// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaMetrics
import AnnotaModel
import AnnotaValidation

/// The plots: objects per class, object sizes per class, objects per image, label-table coverage,
/// split × class counts, and the batch-effect panels (each image statistic per split and per
/// acquisition, side by side, with the Kolmogorov–Smirnov D and p the `ml` rules judge by).
struct PlotSection {
  var content: DatasetContent
  var run: ValidationRun

  func html() -> String {
    var out = "<section id=\"plots\" aria-labelledby=\"plots-h\"><h2 id=\"plots-h\">Plots</h2><div class=\"plots\">"
    let classes = content.classes.sorted { ($0.value.objects, $1.key) > ($1.value.objects, $0.key) }
    if classes.isEmpty {
      out += "<p>No objects were counted: the dataset has no label images or shapes the report reads.</p>"
    } else {
      out += figure(
        "Objects per class",
        SVGChart.bars(
          classes.prefix(30).map { ($0.key, Double($0.value.objects)) }, title: "Objects per class", unit: "objects"),
        table: [["Class", "Objects", "Images"]]
          + classes.map { [$0.key, "\($0.value.objects)", "\($0.value.images)"] },
        note:
          "Instances of instance label images, shapes of GeoJSON files, and for semantic label images one region per image and class."
      )
      let sized = Array(classes.filter { !$0.value.sizes.isEmpty }.prefix(7))
      if !sized.isEmpty {
        let series = sized.enumerated().map { k, entry in
          SVGChart.Series(
            name: entry.key, colour: classColour(entry.key, k), values: entry.value.sizes.map(Double.init))
        }
        out += figure(
          "Object size per class", SVGChart.logHistogram(series, title: "Object size per class", unit: "pixels"),
          table: [["Class", "Objects", "Smallest", "Median", "Largest"]]
            + sized.map { entry in
              let sizes = entry.value.sizes.sorted()
              return [
                entry.key, "\(sizes.count)", "\(sizes[0])", "\(sizes[sizes.count / 2])", "\(sizes[sizes.count - 1])",
              ]
            },
          note:
            "Instance sizes in pixels (voxels in volumes), on a log scale: tiny or huge outliers stand out at the ends."
        )
      }
      out += objectsPerImage()
      out += splitByClass(classes.map(\.key))
    }
    out += coverage()
    out += batchEffects()
    return out + "</div></section>"
  }

  private func objectsPerImage() -> String {
    // Images with a label image or shapes of their own: the others hold no countable object.
    let counted = content.images.filter { record in
      record.files.contains { [.labelImage, .geojson, .tracks].contains($0.set.encoding) }
    }
    let groups = groupNames(\.split)
    let series = groups.enumerated().map { k, group in
      SVGChart.Series(
        name: group.isEmpty ? "no split" : group, colour: colour(k),
        values: counted.filter { ($0.image.split ?? "") == group }.map { Double($0.primaryObjects) })
    }.filter { !$0.values.isEmpty }
    guard !series.isEmpty else { return "" }
    let empty = counted.filter { $0.primaryObjects == 0 }.count
    return figure(
      "Objects per image",
      SVGChart.distributions(series, title: "Objects per image, per split", unit: "objects per image"),
      table: [["Split", "Images", "Median objects"]]
        + series.map { [$0.name, "\($0.values.count)", median($0.values).map(SVGChart.short) ?? "—"] },
      note: "Each dot is an image with a label image or shapes; the box spans the middle half, the line is the "
        + "median, the whiskers the 5th–95th percentiles. A second annotator's set of the same class is not added."
        + (empty > 0 ? " \(empty) such image(s) hold no object." : ""))
  }

  private func splitByClass(_ classes: [String]) -> String {
    let splits = content.splits
    guard splits.count > 1 else { return "" }
    let series = classes.prefix(7).enumerated().map { k, name in
      SVGChart.Series(
        name: name, colour: classColour(name, k),
        values: splits.map { Double(content.classes[name]?.perSplit[$0] ?? 0) })
    }
    return figure(
      "Objects per split and class",
      SVGChart.groupedBars(categories: splits, series: Array(series), title: "Objects per split and class"),
      table: [["Split"] + classes.prefix(20)]
        + splits.map { split in [split] + classes.prefix(20).map { "\(content.classes[$0]?.perSplit[split] ?? 0)" } },
      note: "A class missing from a split cannot be learnt from, or tested on, that split.")
  }

  private func coverage() -> String {
    var out = ""
    for table in content.manifest.labelTables {
      let labels = Array(table.labels.filter { $0.value != 0 }.prefix(30))
      guard !labels.isEmpty else { continue }
      let items = labels.map { ($0.name, Double(content.objects(label: $0.name, table: table.id))) }
      let unused = items.filter { $0.1 == 0 }.map(\.0)
      out += figure(
        "Label table \(table.id): coverage",
        SVGChart.bars(items, title: "Objects (or labelled images) per label of table \(table.id)", unit: "objects"),
        table: [["Value", "Label", "Objects"]]
          + labels.map { label in
            ["\(label.value)", label.name, "\(content.objects(label: label.name, table: table.id))"]
          },
        note: unused.isEmpty
          ? "Every label of the table occurs."
          : "Never counted: \(unused.joined(separator: ", ")) (annotation-tool files are not counted here).")
    }
    return out
  }

  /// Each statistic per split (and per acquisition when there are several), with D and p against
  /// the first group, as `ML-006` judges.
  private func batchEffects() -> String {
    var out = ""
    for (kind, key) in [("split", \Image.split), ("acquisition", \Image.acquisition)] {
      let groups = groupNames(key).filter { !$0.isEmpty }
      guard groups.count > 1 else { continue }
      var measured = 0
      var panels = ""
      for statistic in BatchEffectStatistics.all {
        let values = groups.map { group in
          content.images.filter { $0.image[keyPath: key] == group }.compactMap {
            run.files[$0.image.path]?.statistics.flatMap(statistic.value)
          }
        }
        measured = max(measured, values.reduce(0) { $0 + $1.count })
        guard values.contains(where: { !$0.isEmpty }) else { continue }
        // As ML-006: the first group with enough images is the reference; smaller groups are shown,
        // not compared.
        let minimum = BatchEffectStatistics.minimumImages
        let reference = values.firstIndex { $0.count >= minimum }
        var rows = [[kind == "split" ? "Split" : "Acquisition", "Images", "Median", "D", "p"]]
        var flagged: [String] = []
        var names: [String] = []
        for (index, group) in groups.enumerated() {
          var row = [group, "\(values[index].count)", median(values[index]).map(SVGChart.short) ?? "—"]
          var name = group
          if let reference, index != reference, values[index].count >= minimum,
            let test = KolmogorovSmirnov.twoSample(values[reference], values[index])
          {
            let differs =
              test.statistic >= BatchEffectStatistics.effectSize && test.pValue < BatchEffectStatistics.significance
            row += [
              SVGChart.short((test.statistic * 1000).rounded() / 1000) + (differs ? " ⚠" : ""), pValue(test.pValue),
            ]
            if differs {
              flagged.append(group)
              name += " ⚠"
            }
          } else {
            row += [index == reference ? "reference" : "—", values[index].count < minimum ? "too few to compare" : "—"]
          }
          rows.append(row)
          names.append(name)
        }
        let series = groups.indices.map { SVGChart.Series(name: names[$0], colour: colour($0), values: values[$0]) }
        let title = "\(statistic.name.prefix(1).uppercased() + statistic.name.dropFirst()) per \(kind)"
        panels += figure(
          title, SVGChart.distributions(series, title: "\(statistic.name) per \(kind)", unit: statistic.name),
          table: rows,
          note: flagged.isEmpty
            ? nil
            : "⚠ differs from \(reference.map { groups[$0] } ?? ""): \(flagged.joined(separator: ", ")) (ML-006).")
      }
      guard measured > 0 else { continue }
      out += "<div class=\"batch\"><h3>Batch effects between \(kind)s</h3><p>Per image, measured on its first plane in "
      out += "the same read as validation. ⚠ marks a difference the <code>ml</code> profile reports as ML-006: "
      out +=
        "D ≥ \(SVGChart.short(BatchEffectStatistics.effectSize)) and p &lt; \(SVGChart.short(BatchEffectStatistics.significance)) "
      out += "(groups of \(BatchEffectStatistics.minimumImages) images or more).</p>\(panels)</div>"
    }
    return out
  }

  private func groupNames(_ key: KeyPath<Image, String?>) -> [String] {
    var names = key == \Image.split ? content.splits : []
    for image in content.manifest.images {
      let name = image[keyPath: key] ?? ""
      if !names.contains(name) { names.append(name) }
    }
    return names.filter { name in content.manifest.images.contains { ($0[keyPath: key] ?? "") == name } }
  }

  private func figure(_ title: String, _ svg: String, table: [[String]], note: String?) -> String {
    var out = "<figure class=\"plot\"><figcaption><h3>\(h(title))</h3>"
    if let note { out += "<p>\(h(note))</p>" }
    out += "</figcaption>\(svg)<details><summary>The numbers: \(h(title))</summary><table><thead><tr>"
    out += table[0].map { "<th scope=\"col\">\(h($0))</th>" }.joined() + "</tr></thead><tbody>"
    for row in table.dropFirst().prefix(200) { out += "<tr>" + row.map { "<td>\(h($0))</td>" }.joined() + "</tr>" }
    if table.count > 201 { out += "<tr><td colspan=\"\(table[0].count)\">… and \(table.count - 201) more</td></tr>" }
    return out + "</tbody></table></details></figure>"
  }

  private func colour(_ k: Int) -> LabelOverlay.Colour { CardPicture.okabeIto[k % CardPicture.okabeIto.count] }

  private func median(_ values: [Double]) -> Double? { values.isEmpty ? nil : Percentile.numpy(values, 50) }

  private func pValue(_ p: Double) -> String {
    if p < 0.0001 { return "< 0.0001" }
    // Four decimals, rounded down: never across the 0.01 threshold the rule uses.
    let text = String((p * 10000).rounded(.down) / 10000)
    return text.count > 6 ? String(text.prefix(6)) : text
  }

  /// A class's colour: its label table's, else the palette's.
  private func classColour(_ name: String, _ k: Int) -> LabelOverlay.Colour {
    let label = content.classes[name]?.label ?? name
    for table in content.manifest.labelTables {
      if let hex = table.labels.first(where: { $0.name == label })?.colour, let colour = LabelOverlay.Colour(hex: hex),
        colour != LabelOverlay.Colour(0, 0, 0)
      {
        return colour
      }
    }
    return colour(k)
  }
}
