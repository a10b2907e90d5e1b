// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaRaster
import AnnotaTIFF

/// nnU-Net's one file per channel (`{case}_0000`, `_0001`…): a multi-channel image written as one
/// TIFF per channel, sample for sample.
///
/// A TIFF whose channels are pages (OME-TIFF, ImageJ hyperstacks, a plain multi-page TIFF whose
/// manifest says its pages are channels) is split page by page, each channel keeping its planes in
/// order. A PNG is de-interleaved (grey, grey + alpha, RGB, RGBA: nnU-Net's natural-image reader
/// counts the same channels). A TIFF with several samples in each pixel (RGB) is refused.
enum NNUNetChannels {
  /// Writes each channel of a TIFF whose channels are pages.
  /// - Parameters:
  ///   - path: the image.
  ///   - channels: the channels the manifest gives it.
  ///   - target: where channel `c` goes.
  static func splitTIFF(_ path: String, channels: Int, target: (Int) throws(ExportError) -> String)
    throws(ExportError)
  {
    do {
      guard let info = try FileInspector.inspect(path, labelStatistics: false).images.first else {
        throw ExportError(code: .unreadable, message: "no image in the file", path: path)
      }
      let axes = Array(info.axes)
      if axes.contains("S") {
        throw ExportError(
          code: .unsupported,
          message:
            "the channels are samples of each pixel (an RGB TIFF); nnU-Net takes one file per channel: "
            + "write them as pages (one channel per page) or as a PNG",
          path: path)
      }
      let pageAxes = axes.filter { $0 != "Y" && $0 != "X" }
      let pageShape = pageAxes.map { axis in info.shape[axes.firstIndex(of: axis)!] }
      // A plain multi-page TIFF says nothing of its pages: the manifest's channels decide.
      let channelAxis =
        pageAxes.firstIndex(of: "C")
        ?? (pageAxes.count == 1 && info.pagesAxisGuessed && pageShape[0] == channels ? 0 : nil)
      guard let channelAxis, pageShape[channelAxis] == channels else {
        throw ExportError(
          code: .unsupported,
          message:
            "the manifest gives the image \(channels) channels, but the file's axes are \(info.axes) "
            + "\(pageShape.map(String.init).joined(separator: "×")): split the channels first",
          path: path)
      }
      let reader = try TIFFReader(path: path)
      let pages = reader.directories.filter { if case .main = $0.location { true } else { false } }
      guard pages.count == pageShape.reduce(1, *) else {
        throw ExportError(
          code: .unreadable,
          message: "\(pages.count) pages, where the axes \(info.axes) need \(pageShape.reduce(1, *))",
          path: path)
      }
      var planes = [[Plane]](repeating: [], count: channels)
      for (index, page) in pages.enumerated() {
        // Pages run through the page axes in order, the last fastest.
        var rest = index
        var channel = 0
        for axis in pageAxes.indices.reversed() {
          if axis == channelAxis { channel = rest % pageShape[axis] }
          rest /= pageShape[axis]
        }
        planes[channel].append(try reader.readPlane(page))
      }
      for channel in 0..<channels { try TIFFWriter.write(planes[channel], to: try target(channel)) }
    } catch let error as ExportError {
      throw error
    } catch {
      throw ExportError(code: .unreadable, message: "cannot split the image's channels", path: path, cause: error)
    }
  }

  /// Converts a PNG to one TIFF per channel with the same samples.
  /// - Parameters:
  ///   - path: the PNG.
  ///   - target: where channel `c` goes.
  /// - Returns: how many channels it has.
  static func convertPNG(_ path: String, target: (Int) throws(ExportError) -> String) throws(ExportError) -> Int {
    guard let bytes = FileManagerBridge.contents(path) else {
      throw ExportError(code: .unreadable, message: "cannot read the image", path: path)
    }
    do {
      let image = try RasterReader.decode(bytes, path: path)
      let header = image.header
      guard !header.isPalette else {
        throw ExportError(
          code: .unsupported, message: "a palette PNG: its colours are not intensities; save it as grey or RGB",
          path: path)
      }
      let (count, width) = (header.channels, header.bytesPerSample)
      let pixels = header.width * header.height
      for channel in 0..<count {
        var samples = [UInt8](repeating: 0, count: pixels * width)
        image.samples.withUnsafeBufferPointer { source in
          for pixel in 0..<pixels {
            for byte in 0..<width { samples[pixel * width + byte] = source[(pixel * count + channel) * width + byte] }
          }
        }
        let plane = try Plane(
          width: header.width, height: header.height, sampleType: width == 2 ? .uint16 : .uint8, bytes: samples)
        try TIFFWriter.write([plane], to: try target(channel))
      }
      return count
    } catch let error as ExportError {
      throw error
    } catch {
      throw ExportError(code: .unreadable, message: "cannot convert the PNG to TIFF", path: path, cause: error)
    }
  }
}
