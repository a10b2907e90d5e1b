// SPDX-License-Identifier: Apache-2.0
package import AnnotaModel

extension DatasetImporter {
  /// A tool's labels as a label table: each class at the value the tool gives it (nnU-Net), else
  /// after the highest so far (in declaration order from 1; 0 is background), colours where the tool
  /// gave valid ones, then the tool's regions uniting the classes they name.
  /// - Parameters:
  ///   - id: the table's id.
  ///   - labels: the labels the file declares.
  ///   - used: names the shapes use that the file does not declare, in the order first used.
  ///   - regions: the file's regions.
  /// - Returns: the table, or `nil` when there is no named class.
  package static func labelTable(
    id: String, labels declared: [ForeignAnnotations.Label], used: [String] = [],
    regions: [ForeignAnnotations.Region] = []
  ) -> LabelTable? {
    var entries = declared.filter { !$0.name.isEmpty }
    var known = Set(entries.map(\.name))
    for name in used where !name.isEmpty && known.insert(name).inserted { entries.append(.init(name: name)) }
    guard !entries.isEmpty else { return nil }
    var highest = 0
    var labels: [Label] = []
    for entry in entries {
      let value = entry.value ?? highest + 1
      highest = max(highest, value)
      var label = Label(value: value, name: entry.name)
      if let colour = entry.colour?.lowercased(), StringFormat.colour.accepts(colour) { label.colour = colour }
      labels.append(label)
    }
    let classes = labels
    for (index, region) in regions.enumerated() {
      let values = region.unites.compactMap { name in classes.first { $0.name == name }?.value }
      guard !values.isEmpty else { continue }
      var label = Label(value: highest + index + 1, name: region.name)
      label.unites = values
      labels.append(label)
    }
    return LabelTable(id: id, labels: labels)
  }
}
