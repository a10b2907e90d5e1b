// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

/// The RAI 1.0 properties of a Croissant record, from the manifest's provenance.
///
/// MIFA → RAI as SPEC's Croissant crosswalk maps them; a property the manifest cannot fill is left out.
enum CroissantRAI {
  static func properties(_ manifest: Manifest, files: CatalogFiles) -> [(String, JSONValue)] {
    var out: [(String, JSONValue)] = []
    func text(_ key: String, _ value: String?) {
      if let value, !value.allSatisfy(\.isWhitespace) { out.append(("rai:" + key, .string(value))) }
    }
    func list(_ key: String, _ values: [String]) {
      var seen: Set<String> = []
      let unique = values.filter { !$0.isEmpty && seen.insert($0).inserted }
      if !unique.isEmpty { out.append(("rai:" + key, .array(unique.map(JSONValue.string)))) }
    }
    let sets = manifest.annotationSets
    text(
      "dataCollection",
      manifest.acquisitions.map { acquisition in
        var line = acquisition.imagingMethod.name
        if let fbbi = acquisition.imagingMethod.fbbi { line += " (\(fbbi))" }
        line += ": \(acquisition.instrument)"
        if let parameters = acquisition.parameters { line += ". \(parameters)" }
        return line
      }.joined(separator: "\n").nilIfEmpty)
    text("dataAnnotationProtocol", CatalogText.setSummaries(manifest).joined(separator: "\n").nilIfEmpty)
    list(
      "dataAnnotationPlatform",
      sets.filter { $0.provenance?.origin != .model }.flatMap { $0.provenance?.software ?? [] }.map(software))
    list(
      "machineAnnotationTools",
      sets.filter { $0.provenance.map { $0.origin != .manual } ?? false }.flatMap { set in
        (set.provenance?.software ?? []).map(software)
          + [set.provenance?.model].compactMap { $0 }.map { model in
            [model.name ?? model.id, model.version].compactMap { $0 }.joined(separator: " ")
          }
      })
    list(
      "dataAnnotationAnalysis",
      sets.flatMap { set -> [String] in
        var lines = (set.provenance?.agreement ?? []).map { agreement in
          var line = "\(set.id): \(agreement.metric) = \(agreement.value)"
          if let annotators = agreement.annotators { line += " between \(annotators) annotators" }
          if let images = agreement.images { line += " on \(images) images" }
          if let method = agreement.method { line += " (\(method))" }
          return line
        }
        if let level = set.confidenceLevel { lines.append("\(set.id): \(level)") }
        if let review = set.provenance?.review { lines.append("\(set.id): reviewed: \(review.protocol)") }
        return lines
      })
    text("annotationsPerItem", annotationsPerItem(manifest, files: files))
    list(
      "annotatorDemographics",
      CatalogText.annotators(manifest).compactMap { annotator in
        let parts = [annotator.expertise?.rawValue, annotator.years.map { "\(formatted($0)) years of experience" }]
          .compactMap { $0 }
        return parts.isEmpty ? nil : "\(annotator.name): \(parts.joined(separator: ", "))"
      })
    list(
      "dataPreprocessingProtocol",
      sets.flatMap { set -> [String] in
        var lines: [String] = []
        if let text = set.transformation?.description { lines.append("\(set.id): \(text)") }
        if let conversion = set.provenance?.conversion {
          lines.append(
            "\(set.id): converted from \(conversion.sourceFormat) (\(conversion.sourcePath)) by \(conversion.converter) \(conversion.converterVersion)"
          )
        }
        return lines
      })
    // ONE in RAI 1.0 (mlcroissant warns on a list): one line per set.
    text(
      "dataCollectionMissingData",
      sets.compactMap { set in set.coverage.map { "\(set.id): \($0)" } }.joined(separator: "\n").nilIfEmpty)
    list("dataLimitations", [manifest.study.limitations].compactMap { $0 })
    list("dataBiases", [manifest.study.biases].compactMap { $0 })
    list("personalSensitiveInformation", [manifest.study.sensitiveData].compactMap { $0 })
    // ONE for mlcroissant 1.1.1 (it keeps the first of a list): the history, a version per line.
    text(
      "dataReleaseMaintenancePlan",
      manifest.versions.map { version in
        "\(version.version) (\(version.timestamp))" + (version.changes.map { ": \($0)" } ?? "")
      }.joined(separator: "\n").nilIfEmpty)
    return out
  }

  private static func software(_ software: Software) -> String {
    [software.name, software.version].compactMap { $0 }.joined(separator: " ")
  }

  private static func formatted(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }

  /// How many sets annotate an image: the least and the most, over images with any.
  private static func annotationsPerItem(_ manifest: Manifest, files: CatalogFiles) -> String? {
    var sets: [String: Set<String>] = [:]
    for file in files.annotations { for image in file.images { sets[image, default: []].insert(file.set) } }
    guard let most = sets.values.map(\.count).max(), let least = sets.values.map(\.count).min() else { return nil }
    let annotated = sets.count
    let range = least == most ? "\(most)" : "\(least) to \(most)"
    return "\(range) annotation set(s) per image (\(annotated) of \(manifest.images.count) images annotated)"
  }
}

extension String {
  /// `nil` for an empty string.
  fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
