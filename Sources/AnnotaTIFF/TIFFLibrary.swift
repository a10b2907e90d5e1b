// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaTIFF

/// Facts about the libtiff this build links against.
public enum TIFFLibrary {
  /// libtiff's version line, for example "LIBTIFF, Version 4.5.0".
  ///
  /// The corresponding C function is `TIFFGetVersion`.
  public static var version: String {
    guard let raw = TIFFGetVersion() else { return "unknown" }
    return String(cString: raw).split(separator: "\n").first.map(String.init) ?? "unknown"
  }

  /// Whether this libtiff can decode and encode deflate (zlib) compression.
  ///
  /// The corresponding C function is `TIFFIsCODECConfigured`.
  public static var supportsDeflate: Bool {
    TIFFIsCODECConfigured(UInt16(COMPRESSION_ADOBE_DEFLATE)) != 0
  }
}
