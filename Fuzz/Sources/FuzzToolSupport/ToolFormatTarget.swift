// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import FuzzSupport

/// One annotation-tool reader on a file written from the input.
///
/// The format forced (so every input
/// reaches that reader, not only those it detects), then detection and the normal read, then — for
/// CVAT — the streaming reader, which parses from disk with its own code path. All synchronous, so
/// LeakSanitizer checks every run (the validation of such files is `FuzzValidate`'s).
/// - Parameters:
///   - input: the fuzz input.
///   - format: the reader's format name (`annota detect`'s).
///   - name: the file's name (its extension matters to detection).
public func fuzzToolFormat(_ input: [UInt8], format: String, name: String) {
  withFile(input, named: name) { path in
    _ = try? AnnotationFormats.read(path, format: format)
    _ = AnnotationFormats.detect(path)
    _ = try? AnnotationFormats.read(path)
    if format == "cvat-1.1" {
      _ = try? AnnotationFormats.stream(path) { _ in }
    }
  }
}
