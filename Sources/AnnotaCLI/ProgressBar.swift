// SPDX-License-Identifier: Apache-2.0
import AnnotaValidation
import Foundation
import Synchronization

/// A one-line progress bar with rate and ETA on standard error.
///
/// Redrawn at most ten times a second; used only when standard error is a terminal and `--quiet` is not given.
final class ProgressBar: Sendable {
  private struct State {
    var lastDraw: UInt64 = 0
    var drawn = false
  }

  private let start = DispatchTime.now().uptimeNanoseconds
  private let state = Mutex(State())

  /// Whether a bar should be shown: a terminal on standard error, and not quiet.
  static func wanted(quiet: Bool) -> Bool { !quiet && isatty(2) == 1 }

  /// Redraws the bar (throttled; always at the end).
  func update(_ progress: ValidationProgress) {
    let now = DispatchTime.now().uptimeNanoseconds
    let finished = progress.files == progress.totalFiles
    let draw = state.withLock { state -> Bool in
      guard finished || now - state.lastDraw > 100_000_000 else { return false }
      state.lastDraw = now
      state.drawn = true
      return true
    }
    guard draw else { return }
    let seconds = max(Double(now - start) / 1e9, 1e-3)
    let fraction = progress.totalBytes > 0 ? Double(progress.bytes) / Double(progress.totalBytes) : 1
    let width = 24
    let filled = Int(fraction * Double(width))
    let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
    let rate = Double(progress.bytes) / seconds
    let remaining = rate > 0 ? Double(progress.totalBytes - progress.bytes) / rate : 0
    let line =
      "\r[\(bar)] \(progress.files)/\(progress.totalFiles) files  \(Self.bytes(Double(progress.bytes)))/\(Self.bytes(Double(progress.totalBytes)))  \(Self.bytes(rate))/s  ETA \(Int(remaining.rounded()))s "
    FileHandle.standardError.write(Data(line.utf8))
  }

  /// Redraws the bar for work counted in items (images compared), throttled like bytes.
  /// - Parameters:
  ///   - done: items finished.
  ///   - total: all items.
  ///   - noun: what an item is, plural.
  func update(done: Int, total: Int, noun: String) {
    let now = DispatchTime.now().uptimeNanoseconds
    let draw = state.withLock { state -> Bool in
      guard done == total || now - state.lastDraw > 100_000_000 else { return false }
      state.lastDraw = now
      state.drawn = true
      return true
    }
    guard draw else { return }
    let seconds = max(Double(now - start) / 1e9, 1e-3)
    let width = 24
    let filled = total > 0 ? done * width / total : width
    let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
    let rate = Double(done) / seconds
    let remaining = rate > 0 ? Double(total - done) / rate : 0
    let line = "\r[\(bar)] \(done)/\(total) \(noun)  \(Int(rate.rounded()))/s  ETA \(Int(remaining.rounded()))s "
    FileHandle.standardError.write(Data(line.utf8))
  }

  /// Clears the bar's line so the report starts on a clean line.
  func finish() {
    guard state.withLock({ $0.drawn }) else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }

  private static func bytes(_ value: Double) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"]
    var value = value
    var unit = 0
    while value >= 1000, unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    return unit == 0 ? "\(Int(value)) B" : String(format: "%.1f %@", value, units[unit])
  }
}
