// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

/// The keypoint rules (SPEC §5.3, `SHAPE-009`, `SHAPE-010`).
///
/// Each `keypoint` is a Point naming a body part of its set's `keypoints`, and an individual when
/// the set declares several; a body part is placed once per individual and plane. Pure: features
/// in, findings out.
enum KeypointCheck {
  /// The findings for the keypoints among `features`.
  /// - Parameters:
  ///   - features: a file's features (only those with `shape: keypoint` are looked at).
  ///   - schema: the set's keypoint schema, `nil` when it declares none.
  ///   - path: the file, for the findings.
  ///   - pointer: the file's entry in the manifest.
  ///   - imageName: for a tool file with several images, the image the features are on.
  /// - Returns: the findings.
  static func check(
    _ features: [ShapeFeature], schema: KeypointSchema?, path: String, pointer: String, imageName: String? = nil
  ) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    var placed: [String: String] = [:]
    let parts = Set(schema?.bodyparts ?? [])
    let unique = Set(schema?.uniqueBodyparts ?? [])
    let individuals = Set(schema?.individuals ?? [])
    for (index, feature) in features.enumerated() where feature.shape == "keypoint" {
      var place = SourceLocation(file: path, pointer: pointer)
      let name = feature.id.map(ShapeCheck.describe) ?? "#\(index)"
      place.annotation = (imageName.map { $0 + "/" } ?? "") + name
      func report(_ rule: Rule, _ message: String, hint: String) {
        findings.append(rule.finding(message, hint: hint, at: place))
      }
      if case .object(let geometry) = feature.geometry,
        geometry.first(where: { $0.0 == "type" })?.1 != .string("Point")
      {
        report(
          ShapeRules.geometry, "a keypoint must be a GeoJSON Point", hint: "write the keypoint as a Point (SPEC §5.3)")
      }
      guard let schema else {
        // Once per file: every keypoint has the same problem.
        if !findings.contains(where: { $0.rule == ShapeRules.keypoint.id }) {
          report(
            ShapeRules.keypoint, "the set declares no `keypoints`, so its body parts are unknown",
            hint: "declare the set's `keypoints` (bodyparts, skeleton, individuals) in the manifest")
        }
        continue
      }
      let properties = Dictionary(feature.properties, uniquingKeysWith: { first, _ in first })
      let text = { (key: String) -> String? in
        if case .string(let value)? = properties[key] { value } else { nil }
      }
      let part = text("bodypart")
      if let part, !parts.contains(part) && !unique.contains(part) {
        report(
          ShapeRules.keypoint, "body part `\(part)` is not one of the set's keypoints",
          hint: "declared: \((schema.bodyparts + schema.uniqueBodyparts).joined(separator: ", "))")
      } else if part == nil {
        report(ShapeRules.keypoint, "the keypoint names no `bodypart`", hint: "add `bodypart` to its properties")
      }
      let individual = text("individual")
      if let individual, !individuals.contains(individual) {
        report(
          ShapeRules.keypoint,
          individuals.isEmpty
            ? "individual `\(individual)`, but the set declares no individuals"
            : "individual `\(individual)` is not one of the set's individuals",
          hint: individuals.isEmpty
            ? "declare `individuals` in the set's `keypoints`"
            : "declared: \(schema.individuals.joined(separator: ", "))")
      } else if individual == nil, !individuals.isEmpty, let part, parts.contains(part) {
        report(
          ShapeRules.keypoint, "the set has several individuals; this `\(part)` names none",
          hint: "add `individual` to its properties")
      }
      if let likelihood = properties["likelihood"] {
        let value = ShapeCheck.number(likelihood)
        if value.map({ !($0 >= 0 && $0 <= 1) }) ?? true {
          report(
            ShapeRules.keypoint, "likelihood \(ShapeCheck.describe(likelihood)) is not a number from 0 to 1",
            hint: "write the model's likelihood (0…1), or leave it out")
        }
      }
      if let visible = properties["visible"], !visible.isBool {
        report(ShapeRules.keypoint, "`visible` must be true or false", hint: "write true, false, or leave it out")
      }
      if let part {
        let planes = ["z", "t"].map { properties[$0].map(ShapeCheck.describe) ?? "-" }.joined(separator: ",")
        let key = "\(individual ?? "")\u{0}\(part)\u{0}\(planes)"
        if let first = placed[key] {
          report(
            ShapeRules.duplicateKeypoint,
            "`\(part)`\(individual.map { " of \($0)" } ?? "") is placed twice (first as \(first))",
            hint: "keep one position per body part, individual and plane")
        } else {
          placed[key] = name
        }
      }
    }
    return findings
  }
}

extension JSONValue {
  fileprivate var isBool: Bool {
    if case .bool = self { true } else { false }
  }
}
