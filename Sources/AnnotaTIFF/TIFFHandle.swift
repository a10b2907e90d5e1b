// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaTIFF

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// Collects what libtiff reports for one handle, so nothing reaches stderr.
final class TIFFMessageLog {
  /// Messages, oldest first; capped so a hostile file cannot grow it without bound.
  private(set) var messages: [String] = []
  /// How many of the messages since the last drain were errors (not warnings).
  private(set) var errors: [String] = []
  private let cap = 64

  func append(
    module: UnsafePointer<CChar>?, format: UnsafePointer<CChar>?, args: CVaListPointer, isError: Bool
  ) {
    var buffer = [CChar](repeating: 0, count: 512)
    if let format { _ = cannotatiff_vformat(&buffer, buffer.count, format, args) }
    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let prefix = module.map { String(cString: $0) + ": " } ?? ""
    if messages.count < cap { messages.append(prefix + text) }
    if isError, errors.count < cap { errors.append(prefix + text) }
  }

  /// Returns the messages gathered so far and forgets them.
  func drain() -> [String] {
    defer {
      messages.removeAll()
      errors.removeAll()
    }
    return messages
  }
}

/// libtiff's global handlers are switched off once per process; per-handle handlers do the work.
private let silenceGlobalHandlers: Void = {
  _ = TIFFSetErrorHandler(nil)
  _ = TIFFSetWarningHandler(nil)
}()

/// The C callback for warnings: forwards to the handle's ``TIFFMessageLog``.
private let warningHandler: TIFFErrorHandlerExtR = { _, context, module, format, args in
  if let context, let args {
    Unmanaged<TIFFMessageLog>.fromOpaque(context).takeUnretainedValue()
      .append(module: module, format: format, args: args, isError: false)
  }
  return 1  // handled: libtiff must not fall back to its global handler
}

/// The C callback for errors: forwards to the handle's ``TIFFMessageLog``, marked as errors.
private let errorHandler: TIFFErrorHandlerExtR = { _, context, module, format, args in
  if let context, let args {
    Unmanaged<TIFFMessageLog>.fromOpaque(context).takeUnretainedValue()
      .append(module: module, format: format, args: args, isError: true)
  }
  return 1
}

/// Owns one `TIFF*`, closes it in `deinit`, and keeps its message log alive as long as the handle.
final class TIFFHandle {
  let pointer: OpaquePointer
  let log: TIFFMessageLog
  let path: String

  /// The memory a ``FileBuffer``-backed handle reads from, freed after `TIFFClose`.
  private let memory: UnsafeMutablePointer<cannotatiff_memory>?
  /// Keeps a buffer's bytes alive as long as libtiff may read them.
  private let buffer: FileBuffer?

  /// Opens `path` in `mode` ("r", "w", "w8" for BigTIFF) with per-handle message capture.
  init(path: String, mode: String, maxSingleAllocation: Int) throws(TIFFError) {
    let log = TIFFMessageLog()
    let pointer = try Self.open(
      log: log, maxSingleAllocation: maxSingleAllocation, path: path, reading: mode.hasPrefix("r")
    ) {
      TIFFOpenExt(path, mode, $0)
    }
    self.pointer = pointer
    self.log = log
    self.path = path
    self.memory = nil
    self.buffer = nil
  }

  /// Opens a file's bytes already in memory, read-only; libtiff maps them instead of copying.
  init(buffer: FileBuffer, maxSingleAllocation: Int) throws(TIFFError) {
    let log = TIFFMessageLog()
    let memory = UnsafeMutablePointer<cannotatiff_memory>.allocate(capacity: 1)
    memory.initialize(
      to: cannotatiff_memory(
        base: buffer.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), size: UInt64(buffer.bytes.count),
        offset: 0))
    do {
      self.pointer = try Self.open(log: log, maxSingleAllocation: maxSingleAllocation, path: buffer.path, reading: true)
      {
        cannotatiff_open_memory(buffer.path, memory, $0)
      }
    } catch {
      memory.deallocate()
      throw error
    }
    self.log = log
    self.path = buffer.path
    self.memory = memory
    self.buffer = buffer
  }

  private static func open(
    log: TIFFMessageLog, maxSingleAllocation: Int, path: String, reading: Bool,
    _ body: (OpaquePointer) -> OpaquePointer?
  ) throws(TIFFError) -> OpaquePointer {
    _ = silenceGlobalHandlers
    guard let options = TIFFOpenOptionsAlloc() else {
      throw TIFFError(code: .openFailed, message: "libtiff could not allocate options", path: path)
    }
    defer { TIFFOpenOptionsFree(options) }
    let context = Unmanaged.passUnretained(log).toOpaque()
    TIFFOpenOptionsSetErrorHandlerExtR(options, errorHandler, context)
    TIFFOpenOptionsSetWarningHandlerExtR(options, warningHandler, context)
    TIFFOpenOptionsSetMaxSingleMemAlloc(options, tmsize_t(maxSingleAllocation))
    guard let pointer = body(options) else {
      let messages = log.drain()
      throw TIFFError(
        code: .openFailed,
        message: reading
          ? "cannot open as TIFF: \(messages.last ?? "not found or unreadable")"
          : "cannot create TIFF file",
        path: path, libraryMessages: messages)
    }
    return pointer
  }

  deinit {
    TIFFClose(pointer)
    memory?.deallocate()
  }

  /// A ``TIFFError`` carrying the messages logged since the last drain.
  func error(_ code: TIFFError.Code, _ message: String) -> TIFFError {
    TIFFError(code: code, message: message, path: path, libraryMessages: log.drain())
  }
}
