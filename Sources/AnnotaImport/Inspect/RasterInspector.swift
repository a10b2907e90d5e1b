// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaRaster
import AnnotaTIFF

/// `annota inspect` and validation for PNG and JPEG.
///
/// The size comes from the header and, when asked, every pixel is decoded (libpng, libjpeg-turbo);
/// single-channel PNGs (grey or palette indices) get label statistics like TIFF label images. JPEG
/// is lossy, so it is never taken for a label image.
enum RasterInspector {
  static func inspect(
    _ bytes: [UInt8], path: String, labelStatistics: Bool, decodePixels: Bool, planeVisitor: ((Int, Plane) -> Void)?
  ) throws -> FileInspection {
    do {
      let header = try RasterReader.header(bytes, path: path)
      let isLabelCandidate = labelStatistics && header.format == .png && header.channels == 1
      var labels: LabelStatistics? = nil
      if decodePixels || isLabelCandidate {
        let image = try RasterReader.decode(bytes, path: path)
        if isLabelCandidate {
          labels = try statistics(image, planeVisitor: planeVisitor)
        } else if !labelStatistics, let planeVisitor, header.channels == 1 {
          // A grey image's plane for the caller's statistics (validate --profile ml).
          planeVisitor(
            0,
            try Plane(
              width: header.width, height: header.height, sampleType: header.bytesPerSample == 2 ? .uint16 : .uint8,
              bytes: image.samples))
        }
      }
      let name = path.split(separator: "/").last.map(String.init) ?? path
      let info = FileInspection.ImageInfo(
        name: name, axes: header.channels > 1 ? "YXS" : "YX",
        shape: [header.height, header.width] + (header.channels > 1 ? [header.channels] : []),
        dtype: header.bytesPerSample == 2 ? "uint16" : "uint8", physicalSize: nil)
      return FileInspection(
        format: FormatID(rawValue: header.format.rawValue), path: path, images: [info], shapes: [], labels: labels,
        warnings: header.isPalette ? ["palette PNG: values are palette indices"] : [])
    } catch let error as RasterError {
      throw InspectError(
        code: error.code == .unsupported ? .unsupported : error.code == .limitExceeded ? .limitExceeded : .malformed,
        path: path, message: error.message + (error.cause.map { ": " + $0 } ?? ""), cause: error)
    }
  }

  /// Label statistics of a single-channel PNG, its plane also handed to `planeVisitor`.
  private static func statistics(_ image: RasterImage, planeVisitor: ((Int, Plane) -> Void)?) throws -> LabelStatistics
  {
    let header = image.header
    let wide = header.bytesPerSample == 2
    var accumulator = LabelStatisticsAccumulator(width: header.width, height: header.height)
    image.samples.withUnsafeBytes { accumulator.add(band: $0, kind: wide ? .uint16 : .uint8, firstRow: 0, z: 0) }
    if let planeVisitor {
      planeVisitor(
        0,
        try Plane(width: header.width, height: header.height, sampleType: wide ? .uint16 : .uint8, bytes: image.samples)
      )
    }
    return accumulator.result()
  }
}
