// SPDX-License-Identifier: Apache-2.0

/// The Annota toolkit itself: one version for the CLI, reports, converted provenance and files written.
public enum AnnotaToolkit {
  /// The toolkit's version (semantic versioning; CHANGELOG.md).
  public static let version = "0.1.0"
}
