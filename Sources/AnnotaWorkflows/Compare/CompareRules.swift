// SPDX-License-Identifier: Apache-2.0

public import AnnotaModel

/// What `annota compare` finds about its inputs (RULES.md, `COMPARE`): the pairs it could not
/// measure, and how the ones it measured were scored when a side was empty.
public enum CompareRules {
  /// An image annotated on one side only: not compared.
  public static let unpaired = Rule("COMPARE-001", .warning, "Image annotated on one side only")
  /// Reference and candidate of one image differ in size: not compared.
  public static let sizeMismatch = Rule("COMPARE-002", .error, "Reference and candidate differ in size")
  /// A file whose pixels are not labels (not integer, several channels, negative values).
  public static let notLabels = Rule("COMPARE-003", .error, "Not a label image")
  /// An image without objects (or classes) on one or both sides: scored, and how it was is said.
  public static let empty = Rule("COMPARE-004", .info, "Nothing annotated on one side")
  /// Annotations of kinds that cannot be compared with each other (boxes against points…).
  public static let incomparable = Rule("COMPARE-005", .error, "Annotations of different kinds")
  /// A file that could not be read: never counted as agreeing or disagreeing.
  public static let unreadable = Rule("COMPARE-006", .error, "Annotation file unreadable")

  /// A value the input lacks, filled in by the reference implementation's convention (a detection
  /// without a score, an object without an area).
  public static let assumed = Rule("COMPARE-007", .info, "Missing value filled in by convention")

  /// Every COMPARE rule.
  public static let all = [unpaired, sizeMismatch, notLabels, empty, incomparable, unreadable, assumed]
}
