// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

/// The version of the Annota toolkit and what it was built with.
public enum AnnotaVersion {
  /// The toolkit's version.
  public static let toolkit = AnnotaToolkit.version
  /// `--version` output: toolkit version and the standard it implements.
  public static var text: String { "annota \(toolkit) (Annota standard \(AnnotaSpec.version))" }
}
