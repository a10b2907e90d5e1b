// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

/// FILE-011: an image's declared `dimensions` and `physical_size` against what its file holds.
///
/// The declaration is what a reader of the manifest (and the BIA's file list, and every export) takes
/// for the truth, so it must be the file's. HDF5 files are left out: which of their datasets is "the
/// image" is not recorded in the manifest. Physical sizes are compared only for OME-TIFF, whose
/// metadata is meant for it; a plain TIFF's resolution tags are usually a scanner's default (72 dpi).
enum DeclaredSizeCheck {
  /// Relative tolerance for physical sizes, as for MASK-008.
  static let tolerance = 1e-6

  /// The findings for `image` (manifest entry `index`) read as `fact`.
  static func check(_ image: Image, index: Int, fact: FileFacts) -> [Diagnostic] {
    guard let shape = fact.shape, fact.failure == nil, fact.format != .hdf5 else { return [] }
    var findings: [Diagnostic] = []
    if let declared = image.dimensions {
      let pointer = "/images/\(index)/dimensions"
      var actual: [(axis: String, declared: Int?, file: Int)] = [
        ("x", declared.x, shape[0]), ("y", declared.y, shape[1]), ("z", declared.z, shape[2]),
        ("t", declared.t, fact.sizeT),
      ]
      // A colour image holds its channels as samples of one plane: either count is the channels.
      if let c = declared.c, c != fact.sizeC, c != fact.samples { actual.append(("c", c, fact.sizeC)) }
      let differing = actual.filter { $0.declared != nil && $0.declared != $0.file }
      if !differing.isEmpty {
        let text = differing.map { "\($0.axis) is \($0.file) (declared \($0.declared!))" }.joined(separator: ", ")
        findings.append(
          FileRules.declaredSize.finding(
            "the file's size differs from the declared dimensions: \(text)",
            hint: "correct `dimensions` to the file's size (`annota inspect` shows it), or replace the file",
            at: SourceLocation(file: image.path, pointer: pointer)))
      }
    }
    if let declared = image.physicalSize, fact.format == .omeTIFF,
      let factor = micrometres(per: declared.unit)
    {
      let pairs: [(axis: String, declared: Double?, file: Double?)] = [
        ("x", declared.x, fact.pixelSize[0]), ("y", declared.y, fact.pixelSize[1]),
        ("z", declared.z, fact.pixelSize[2]),
      ]
      let differing = pairs.compactMap { pair -> String? in
        guard let value = pair.declared, let file = pair.file else { return nil }
        let micrometres = value * factor
        guard abs(micrometres - file) > tolerance * max(abs(micrometres), abs(file)) else { return nil }
        return "\(pair.axis) is \(file) µm (declared \(value) \(declared.unit))"
      }
      if !differing.isEmpty {
        findings.append(
          FileRules.declaredSize.finding(
            "the OME metadata's pixel size differs from the declared physical_size: "
              + differing.joined(separator: ", "),
            hint: "correct `physical_size` to the file's, or fix the file's OME metadata",
            at: SourceLocation(file: image.path, pointer: "/images/\(index)/physical_size")))
      }
    }
    return findings
  }

  /// Micrometres per unit of `physical_size.unit` (SPEC: `nm`, `um`, `mm`, `m`); `nil` for another
  /// unit, which the manifest rules report.
  static func micrometres(per unit: String) -> Double? {
    ["nm": 1e-3, "um": 1, "µm": 1, "mm": 1e3, "m": 1e6][unit]
  }
}
