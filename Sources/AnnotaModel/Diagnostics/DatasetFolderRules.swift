// SPDX-License-Identifier: Apache-2.0

/// Rules about the dataset folder itself that every command meets before it reads the manifest
/// (RULES.md, `FILE`); the validator lists them with its file rules.
public enum DatasetFolderRules {
  /// Both `annota.yaml` and `annota.json` in one dataset folder: which is the manifest is not known.
  public static let twoManifests = Rule("FILE-012", .error, "Two manifests in one dataset folder")
}
