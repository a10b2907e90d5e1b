// SPDX-License-Identifier: Apache-2.0

/// The one place that tells a file's container format from its first bytes.
///
/// The folder scanner, the inspector and the validator's read pass all ask it, so a format added
/// here is recognised everywhere at once. It never guesses from a name: that is
/// ``FormatID/init(extensionOf:)``.
public enum ContentSniffer {
  /// How many leading bytes ``sniff(_:)`` looks at.
  public static let headLength = 16

  /// The format the first bytes show, or `nil` when unknown.
  ///
  /// One of ``FormatID/tiff``, `png`, `jpeg`, `hdf5`, `bmp`, `gif`, `czi`, `zip`, `json` and `xml`.
  /// An OME-TIFF shows as `tiff` (its description decides), an OME-XML file as `xml` (its root
  /// element decides), a tool's JSON or XML likewise.
  /// - Parameter head: the file's first bytes (``headLength`` suffice).
  /// - Returns: the format, or `nil`.
  public static func sniff(_ head: some Collection<UInt8>) -> FormatID? {
    let bytes = Array(head.prefix(headLength))
    func starts(_ magic: [UInt8]) -> Bool { bytes.starts(with: magic) }
    if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) || starts([0x49, 0x49, 0x2B, 0x00])
      || starts([0x4D, 0x4D, 0x00, 0x2B])
    {
      return .tiff
    }
    if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
    if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
    if starts([0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]) { return .hdf5 }
    if starts(Array("BM".utf8)) { return .bmp }
    if starts(Array("GIF8".utf8)) { return .gif }
    if starts(Array("ZISRAWFILE".utf8)) { return .czi }
    if starts([0x50, 0x4B, 0x03, 0x04]) { return .zip }
    // Text: leading white space and a UTF-8 byte-order mark are skipped.
    let text = bytes.drop { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
    if let first = text.first {
      if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return .json }
      if first == UInt8(ascii: "<") { return .xml }
    }
    return nil
  }

  /// The format a file claims from the first bytes of its signature only (`II`/`MM` for TIFF,
  /// `\u{89}HDF`, `\u{89}PNG`, `FF D8 FF`, `BM`), else what ``sniff(_:)`` says.
  ///
  /// Looser than ``sniff(_:)`` on purpose: a file whose header is damaged after those bytes still
  /// goes to its format's reader, which says what is wrong, rather than being passed over as
  /// unknown. Readers that must not be handed text decide with ``sniff(_:)``.
  /// - Parameter head: the file's first bytes.
  /// - Returns: the format, or `nil`.
  public static func claims(_ head: some Collection<UInt8>) -> FormatID? {
    let bytes = Array(head.prefix(headLength))
    func starts(_ magic: [UInt8]) -> Bool { bytes.starts(with: magic) }
    if starts([0x49, 0x49]) || starts([0x4D, 0x4D]) { return .tiff }
    if starts([0x89, 0x48, 0x44, 0x46]) { return .hdf5 }
    if starts([0x89, 0x50, 0x4E, 0x47]) { return .png }
    if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
    if starts(Array("BM".utf8)) { return .bmp }
    return sniff(bytes)
  }
}
