// SPDX-License-Identifier: Apache-2.0

/// Entry points for tests of the RLE and stack-index rules (the readers themselves are internal).
public enum CVATRLEProbe {
  /// Foreground pixels of a CVAT mask RLE over a `width` × `height` box.
  /// - Throws: ``ForeignFormatError`` when the runs exceed the box.
  public static func count(_ runs: [Int], width: Int, height: Int) throws -> Int {
    try CVATRLE.count(runs, width: width, height: height, path: "rle", line: 0)
  }
}

/// Reads a Cell Counter file with a known C and Z size (to decode ImageJ's stack index).
public enum CellCounterProbe {
  /// - Throws: ``ForeignFormatError`` for unreadable files.
  public static func read(_ path: String, channels: Int, slices: Int) throws -> ForeignAnnotations {
    guard let data = FileManagerBridge.contents(path) else {
      throw ForeignFormatError(path: path, message: "cannot read the file")
    }
    return try CellCounterReader.read(data, path: path, channels: channels, slices: slices)
  }
}
