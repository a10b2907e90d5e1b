// SPDX-License-Identifier: Apache-2.0

/// Rewrites a manifest of an earlier version of the standard as the current one (SPEC §9.1).
public enum ManifestUpgrade {
  /// The manifest as the current version of the standard, every value kept.
  ///
  /// 0.2 only adds to 0.1 (fields, and a transformation in prose without a matrix), so a 0.1 manifest
  /// becomes 0.2 by declaring it; a later version that renames or moves a field does it here.
  /// - Parameter manifest: a manifest read by ``ManifestReader`` (any version it accepts).
  /// - Returns: the same values, declaring ``AnnotaSpec/version``.
  public static func upgrade(_ manifest: Manifest) -> Manifest {
    var upgraded = manifest
    upgraded.annota = AnnotaSpec.version
    return upgraded
  }
}
