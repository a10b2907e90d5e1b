// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel
public import AnnotaPackaging
public import AnnotaValidation
public import AnnotaWorkflows
public import ArgumentParser

// The library's choices as argument values: ArgumentParser lists them in --help and refuses any
// other value with the list (exit 64), so no command checks these strings itself.

extension ReportRenderer.Format: ExpressibleByArgument {}

extension FailureThreshold: ExpressibleByArgument {}

extension DatasetPacker.Target: ExpressibleByArgument {}

extension FixityAlgorithm: ExpressibleByArgument {}

extension Origin: ExpressibleByArgument {
  /// One of the standard's origins (or an alias the vocabulary accepts).
  /// - Parameter argument: the value given.
  public init?(argument: String) {
    guard let canonical = Origin.vocabulary.canonical(argument) else { return nil }
    self.init(rawValue: canonical)
  }

  /// The standard's origins.
  public static var allValueStrings: [String] { Origin.vocabulary.values }
}

extension AnnotationKind: ExpressibleByArgument {
  /// `instance` or `semantic` (or an alias the vocabulary accepts).
  /// - Parameter argument: the value given.
  public init?(argument: String) {
    guard let canonical = AnnotationKind.vocabulary.canonical(argument) else { return nil }
    self.init(rawValue: canonical)
  }

  /// The label-image kinds.
  public static var allValueStrings: [String] { AnnotationKind.vocabulary.values }
}
