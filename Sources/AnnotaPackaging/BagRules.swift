// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

/// Rules about BagIt bags (RULES.md, `BAG`; RFC 8493), checked by `annota verify`.
public enum BagRules {
  /// `bagit.txt` is missing, has a BOM, or lacks its two required tags.
  public static let declaration = Rule("BAG-001", .error, "Bag declaration missing or invalid")
  /// No `data/` payload folder, or no payload manifest.
  public static let structure = Rule("BAG-002", .error, "Bag structure incomplete")
  /// A file a manifest lists is not in the payload.
  public static let missing = Rule("BAG-003", .error, "Listed payload file is missing")
  /// A payload file no manifest lists.
  public static let unexpected = Rule("BAG-004", .error, "Payload file not in the manifests")
  /// A payload file's checksum differs from the manifest's.
  public static let fixity = Rule("BAG-005", .error, "Payload checksum does not match")
  /// `Payload-Oxum` disagrees with the payload's size or file count.
  public static let oxum = Rule("BAG-006", .error, "Payload-Oxum does not match")
  /// A tag file's checksum differs from the tag manifest's, or it is missing.
  public static let tagFixity = Rule("BAG-007", .error, "Tag file checksum does not match")
  /// A manifest path that would leave the bag, or a link in the payload.
  public static let unsafePath = Rule("BAG-008", .error, "Path leaves the bag")
  /// A manifest line that cannot be read, or a path listed twice.
  public static let manifestLine = Rule("BAG-009", .error, "Manifest line malformed")
  /// A payload file missing from one of the manifests (BagIt 1.0: every file in every manifest).
  public static let partialManifest = Rule("BAG-010", .error, "File not in every manifest")

  /// Every bag rule.
  public static let all = [
    declaration, structure, missing, unexpected, fixity, oxum, tagFixity, unsafePath, manifestLine, partialManifest,
  ]
}
