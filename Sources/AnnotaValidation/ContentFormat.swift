// SPDX-License-Identifier: Apache-2.0

/// A file's format as its content says (magic bytes), and as its name or the manifest declares it,
/// for `FILE-009`.
enum ContentFormat {
  /// The format the first bytes show: `tiff`, `png`, `jpeg`, `hdf5`, `bmp`, `gif`, `czi`, `zip`,
  /// `json`, `xml`, or `nil` when unknown. (`ome-tiff` needs the TIFF's description: the read pass
  /// refines `tiff` after decoding.)
  static func detect(_ head: some Collection<UInt8>) -> String? {
    let bytes = Array(head.prefix(16))
    func starts(_ magic: [UInt8]) -> Bool { bytes.starts(with: magic) }
    if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) || starts([0x49, 0x49, 0x2B, 0x00])
      || starts([0x4D, 0x4D, 0x00, 0x2B])
    {
      return "tiff"
    }
    if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "png" }
    if starts([0xFF, 0xD8, 0xFF]) { return "jpeg" }
    if starts([0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]) { return "hdf5" }
    if starts(Array("BM".utf8)) { return "bmp" }
    if starts(Array("GIF8".utf8)) { return "gif" }
    if starts(Array("ZISRAWFILE".utf8)) { return "czi" }
    if starts([0x50, 0x4B, 0x03, 0x04]) { return "zip" }
    let text = bytes.drop { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
    if let first = text.first {
      if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return "json" }
      if first == UInt8(ascii: "<") { return "xml" }
    }
    return nil
  }

  /// The format a declared `format` value or a file name names, normalised; `nil` when it names
  /// none this check knows (`czi`, `nd2`…, which are then not compared).
  static func expected(declared: String?, path: String) -> String? {
    if let declared {
      switch declared.lowercased() {
      case "tiff", "tif": return "tiff"
      case "ome-tiff", "ome.tiff", "ometiff", "ome-tif": return "ome-tiff"
      case "png": return "png"
      case "jpeg", "jpg": return "jpeg"
      case "hdf5", "h5": return "hdf5"
      case "bmp": return "bmp"
      case "gif": return "gif"
      case "czi": return "czi"
      default: return nil
      }
    }
    let name = path.lowercased()
    if name.hasSuffix(".ome.tif") || name.hasSuffix(".ome.tiff") { return "ome-tiff" }
    let suffixes: [(String, String)] = [
      (".tif", "tiff"), (".tiff", "tiff"), (".png", "png"), (".jpg", "jpeg"), (".jpeg", "jpeg"),
      (".h5", "hdf5"), (".hdf5", "hdf5"), (".ilp", "hdf5"), (".bmp", "bmp"), (".gif", "gif"), (".czi", "czi"),
      (".geojson", "json"), (".json", "json"), (".xml", "xml"),
    ]
    return suffixes.first { name.hasSuffix($0.0) }?.1
  }

  /// Whether content of format `actual` satisfies `expected` (an OME-TIFF is a TIFF; a plain TIFF
  /// is not an OME-TIFF).
  static func matches(actual: String, expected: String, path: String = "") -> Bool {
    // The head of a companion-file OME-TIFF set is the XML that describes its TIFFs.
    let companion = path.lowercased().hasSuffix(".companion.ome") && (actual == "xml" || actual == "ome-xml")
    return actual == expected || (expected == "tiff" && actual == "ome-tiff") || (expected == "ome-tiff" && companion)
  }
}
