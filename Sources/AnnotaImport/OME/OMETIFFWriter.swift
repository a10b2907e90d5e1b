// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
public import AnnotaTIFF

/// Writes label (or grey) images as single-file OME-TIFF: one page per Z plane, OME-XML (2016-06)
/// in the first ImageDescription with sizes, type and physical pixel sizes.
public enum OMETIFFWriter {
  /// Writes `planes` (Z order) as an OME-TIFF.
  /// - Parameters:
  ///   - planes: one plane per Z slice, all of one size and type.
  ///   - path: the destination (written atomically).
  ///   - name: the image's name.
  ///   - physicalSize: pixel size in micrometres (x, y, and z for stacks), each written where known.
  ///   - compression: sample compression (deflate by default).
  ///   - stack: how the planes are arranged over Z and time (`nil`: a Z stack).
  /// - Throws: `AnnotaTIFF/TIFFError` when the planes are inconsistent or writing fails.
  public static func write(
    _ planes: [Plane], to path: String, name: String, physicalSize: FileInspection.PixelSize? = nil,
    compression: TIFFCompression = .deflate, stack: OMEStack? = nil
  ) throws {
    guard let first = planes.first else {
      throw TIFFError(code: .invalidArgument, message: "nothing to write: no planes", path: path)
    }
    let stack = stack ?? OMEStack(z: planes.count, t: 1, zFastest: true)
    guard stack.z * stack.t == planes.count else {
      throw TIFFError(
        code: .invalidArgument, message: "\(planes.count) planes are not \(stack.z) Z × \(stack.t) T", path: path)
    }
    try TIFFWriter.write(
      planes, to: path, compression: compression,
      description: omeXML(
        name: name, width: first.width, height: first.height, stack: stack, type: first.sampleType,
        physicalSize: physicalSize))
  }

  /// The OME-XML for a stack of one channel: `stack.z` planes at each of `stack.t` time points.
  static func omeXML(
    name: String, width: Int, height: Int, stack: OMEStack, type: SampleType,
    physicalSize: FileInspection.PixelSize?
  ) -> String {
    let planes = stack.z * stack.t
    let omeType: String =
      switch type {
      case .float32: "float"
      case .float64: "double"
      default: "\(type)"
      }
    var sizes = ""
    if let physicalSize {
      if let x = physicalSize.x { sizes += " PhysicalSizeX=\"\(x)\" PhysicalSizeXUnit=\"\u{00B5}m\"" }
      if let y = physicalSize.y { sizes += " PhysicalSizeY=\"\(y)\" PhysicalSizeYUnit=\"\u{00B5}m\"" }
      if let z = physicalSize.z, stack.z > 1 { sizes += " PhysicalSizeZ=\"\(z)\" PhysicalSizeZUnit=\"\u{00B5}m\"" }
    }
    return """
      <?xml version="1.0" encoding="UTF-8"?>
      <OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" \
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
      xsi:schemaLocation="http://www.openmicroscopy.org/Schemas/OME/2016-06 http://www.openmicroscopy.org/Schemas/OME/2016-06/ome.xsd" \
      Creator="Annota \(DatasetImporter.converterVersion)">\
      <Image ID="Image:0" Name="\(escape(name))">\
      <Pixels ID="Pixels:0" DimensionOrder="\(stack.zFastest ? "XYZCT" : "XYTCZ")" Type="\(omeType)" \
      SizeX="\(width)" SizeY="\(height)" SizeZ="\(stack.z)" SizeC="1" SizeT="\(stack.t)" BigEndian="false"\(sizes)>\
      <Channel ID="Channel:0:0" SamplesPerPixel="1"/>\
      <TiffData IFD="0" PlaneCount="\(planes)"/>\
      </Pixels></Image></OME>
      """
  }

  private static func escape(_ text: String) -> String { MarkupEscape.text(text) }

}
