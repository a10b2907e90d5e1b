// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
public import AnnotaWorkflows
import AnnotaXMLSupport
public import ArgumentParser

/// The resource limits for untrusted input, overridable for archives that need more (or want less);
/// unset options keep the built-in limits documented in `docs/security.md`.
public struct LimitOptions: ParsableArguments {
  /// Largest decoded image plane.
  @Option(help: ArgumentHelp("Largest decoded image plane, in bytes (default 4 GiB).", valueName: "bytes"))
  public var maxPlaneBytes: Int?

  /// Largest ratio of decoded pixels to file size.
  @Option(
    help: ArgumentHelp("Largest ratio of a plane's pixels to its file's size (default 2048).", valueName: "ratio"))
  public var maxExpansion: Int?

  /// Largest XML document.
  @Option(
    name: .customLong("max-xml-bytes"),
    help: ArgumentHelp("Largest XML document, in bytes (default 1 GiB).", valueName: "bytes"))
  public var maxXMLBytes: Int?

  /// Deepest XML nesting.
  @Option(
    name: .customLong("max-xml-depth"), help: ArgumentHelp("Deepest XML element nesting (default 256).", valueName: "n")
  )
  public var maxXMLDepth: Int?

  /// Most XML elements in a tree.
  @Option(
    name: .customLong("max-xml-elements"),
    help: ArgumentHelp("Most elements of an XML document read as a tree (default 5 000 000).", valueName: "n"))
  public var maxXMLElements: Int?

  /// Most zip entries.
  @Option(help: ArgumentHelp("Most entries read from a zip (default 1 000 000).", valueName: "n"))
  public var maxZipEntries: Int?

  /// The HDF5 metadata preflight's time limit.
  @Option(
    name: .customLong("hdf5-metadata-seconds"),
    help: ArgumentHelp(
      "Time a child process may take to read an HDF5 file's metadata before it is opened (default 10; 0: no preflight).",
      valueName: "seconds"))
  public var hdf5MetadataSeconds: Double?

  /// Creates the options (ArgumentParser calls this).
  public init() {}

  /// Checks the values.
  public func validate() throws {
    for (name, value) in [
      ("--max-plane-bytes", maxPlaneBytes), ("--max-expansion", maxExpansion), ("--max-xml-bytes", maxXMLBytes),
      ("--max-xml-depth", maxXMLDepth), ("--max-xml-elements", maxXMLElements), ("--max-zip-entries", maxZipEntries),
    ] where value.map({ $0 < 1 }) == true {
      throw ValidationError("\(name) must be at least 1")
    }
    if let seconds = hdf5MetadataSeconds, !(seconds >= 0 && seconds <= 86_400) {
      throw ValidationError("--hdf5-metadata-seconds must be between 0 and 86400")
    }
  }

  /// The limits these options give: the built-in ones where an option is not set.
  public var readLimits: ReadLimits {
    var limits = ReadLimits()
    if let maxPlaneBytes { limits.setMaxPlaneBytes(maxPlaneBytes) }
    if let maxExpansion { limits.setMaxExpansion(maxExpansion) }
    if let maxXMLBytes { limits.xml.maxBytes = maxXMLBytes }
    if let maxXMLDepth { limits.xml.maxDepth = maxXMLDepth }
    if let maxXMLElements { limits.xml.maxElements = maxXMLElements }
    if let maxZipEntries { limits.zipEntries = maxZipEntries }
    if let hdf5MetadataSeconds { limits.hdf5.metadataMilliseconds = Int(hdf5MetadataSeconds * 1000) }
    return limits
  }
}
