// SPDX-License-Identifier: Apache-2.0

/// The two spellings of a manifest.
public enum ManifestSyntax: String, Sendable, Hashable, CaseIterable {
  /// `annota.yaml`: the human-edited form.
  case yaml
  /// `annota.json`: the machine form.
  case json

  /// The syntax a file name implies: `.json` is JSON, everything else YAML.
  /// - Parameter path: a file path.
  /// - Returns: the syntax.
  public static func forPath(_ path: String) -> ManifestSyntax {
    path.lowercased().hasSuffix(".json") ? .json : .yaml
  }

  /// The standard manifest file names, in the order they are looked for.
  public static let fileNames = ["annota.yaml", "annota.yml", "annota.json"]
}
