// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
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
    let id = FormatID(rawValue: format)
    precondition(AnnotationFormats.format(id) != nil, "\(format) is not a registered tool format")
    _ = try? AnnotationFormats.read(path, format: id)
    _ = AnnotationFormats.detect(path)
    _ = try? AnnotationFormats.read(path)
    if id == .cvat {
      _ = try? AnnotationFormats.stream(path) { _ in }
    }
  }
}
