// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finds images that would sit in two splits of an export: one file under two image ids, or
/// identical bytes in two files.
///
/// Only files that share a size with a file of another split are hashed, so a dataset without
/// candidates costs one `stat` per image; equal bytes are then confirmed by SHA-256.
enum SplitLeakCheck {
  /// Throws when an image leaks from one split into another.
  /// - Parameters:
  ///   - samples: the images with their splits.
  ///   - manifestPath: the manifest, for the error.
  /// - Throws: ``ExportError`` `.splitLeak` naming both images and both splits, or `.unreadable`
  ///   for an image that cannot be read.
  static func check(_ samples: [TrainingDataset.Sample], manifestPath: String) throws(ExportError) {
    var byPath: [String: TrainingDataset.Sample] = [:]
    for sample in samples {
      if let other = byPath[sample.path], other.split != sample.split {
        throw leak(other, sample, how: "are the same file", path: manifestPath)
      }
      byPath[sample.path] = sample
    }
    var bySize: [Int: [TrainingDataset.Sample]] = [:]
    for sample in byPath.values {
      var status = stat()
      guard stat(sample.path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
        throw ExportError(code: .unreadable, message: "the image is missing or unreadable", path: sample.path)
      }
      bySize[Int(status.st_size), default: []].append(sample)
    }
    for (_, group) in bySize where Set(group.map(\.split)).count > 1 {
      let ordered = group.sorted(by: { $0.image.id < $1.image.id })
      // Hashed on every core (images of one size: often every image of the dataset), compared in order.
      let paths = ordered.map(\.path)
      let digests = BoundedParallel.map(count: paths.count) { index in
        Result { try FileDigest.sha256(paths[index]) }
      }
      var byDigest: [String: TrainingDataset.Sample] = [:]
      for (sample, hashed) in zip(ordered, digests) {
        let digest: String
        do { digest = try hashed.get() } catch {
          throw ExportError(code: .unreadable, message: "cannot read the image", path: sample.path, cause: error)
        }
        if let other = byDigest[digest], other.split != sample.split {
          throw leak(other, sample, how: "have identical bytes (SHA-256 \(digest.prefix(12))…)", path: manifestPath)
        }
        byDigest[digest] = sample
      }
    }
  }

  private static func leak(_ a: TrainingDataset.Sample, _ b: TrainingDataset.Sample, how: String, path: String)
    -> ExportError
  {
    ExportError(
      code: .splitLeak,
      message:
        "images \(a.image.id) (\(a.split)) and \(b.image.id) (\(b.split)) \(how): a model would be tested on what it "
        + "trained on; put them in one split, or remove one",
      path: path)
  }
}
