// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaTIFF

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// Collects what libtiff reports for one handle, so nothing reaches stderr.
final class TIFFMessageLog {
  /// Messages, oldest first; capped so a hostile file cannot grow it without bound.
  private(set) var messages: [String] = []
  private let cap = 64

  func append(module: UnsafePointer<CChar>?, format: UnsafePointer<CChar>?, args: CVaListPointer) {
    var buffer = [CChar](repeating: 0, count: 512)
    if let format { _ = cannotatiff_vformat(&buffer, buffer.count, format, args) }
    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let prefix = module.map { String(cString: $0) + ": " } ?? ""
    if messages.count < cap { messages.append(prefix + text) }
  }

  /// Returns the messages gathered so far and forgets them.
  func drain() -> [String] {
    defer { messages.removeAll() }
    return messages
  }
}

/// libtiff's global handlers are switched off once per process; per-handle handlers do the work.
private let silenceGlobalHandlers: Void = {
  _ = TIFFSetErrorHandler(nil)
  _ = TIFFSetWarningHandler(nil)
}()

/// The C callback for both errors and warnings: forwards to the handle's ``TIFFMessageLog``.
private let messageHandler: TIFFErrorHandlerExtR = { _, context, module, format, args in
  if let context, let args {
    Unmanaged<TIFFMessageLog>.fromOpaque(context).takeUnretainedValue()
      .append(module: module, format: format, args: args)
  }
  return 1  // handled: libtiff must not fall back to its global handler
}

/// Owns one `TIFF*`, closes it in `deinit`, and keeps its message log alive as long as the handle.
final class TIFFHandle {
  let pointer: OpaquePointer
  let log: TIFFMessageLog
  let path: String

  /// Opens `path` in `mode` ("r", "w", "w8" for BigTIFF) with per-handle message capture.
  init(path: String, mode: String, maxSingleAllocation: Int) throws(TIFFError) {
    _ = silenceGlobalHandlers
    let log = TIFFMessageLog()
    guard let options = TIFFOpenOptionsAlloc() else {
      throw TIFFError(code: .openFailed, message: "libtiff could not allocate options", path: path)
    }
    defer { TIFFOpenOptionsFree(options) }
    let context = Unmanaged.passUnretained(log).toOpaque()
    TIFFOpenOptionsSetErrorHandlerExtR(options, messageHandler, context)
    TIFFOpenOptionsSetWarningHandlerExtR(options, messageHandler, context)
    TIFFOpenOptionsSetMaxSingleMemAlloc(options, tmsize_t(maxSingleAllocation))
    guard let pointer = TIFFOpenExt(path, mode, options) else {
      let messages = log.drain()
      throw TIFFError(
        code: .openFailed,
        message: mode.hasPrefix("r")
          ? "cannot open as TIFF: \(messages.last ?? "not found or unreadable")"
          : "cannot create TIFF file",
        path: path, libraryMessages: messages)
    }
    self.pointer = pointer
    self.log = log
    self.path = path
  }

  deinit { TIFFClose(pointer) }

  /// A ``TIFFError`` carrying the messages logged since the last drain.
  func error(_ code: TIFFError.Code, _ message: String) -> TIFFError {
    TIFFError(code: code, message: message, path: path, libraryMessages: log.drain())
  }
}
