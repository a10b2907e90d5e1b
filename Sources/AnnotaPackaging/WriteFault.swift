// SPDX-License-Identifier: Apache-2.0
#if DEBUG
  import Synchronization

  #if canImport(Glibc)
    @preconcurrency import Glibc
  #endif

  /// Fault injection for the tests of a full disk, in debug builds only: with
  /// `ANNOTA_FAIL_WRITES_AFTER=N` in the environment, every write of the packer (copies, tag files,
  /// zips, extractions — all go through ``FileStreaming/writeAll(_:_:path:)``) succeeds for the
  /// first N bytes of the process, then fails with `ENOSPC`, a short write first when N falls inside
  /// one, as a filling disk does.
  enum WriteFault {
    /// Bytes left before writes fail; -1 without the variable.
    private static let budget = Atomic<Int>(
      getenv("ANNOTA_FAIL_WRITES_AFTER").flatMap { Int(String(cString: $0)) }.map { max(0, $0) } ?? -1)

    /// How many of `count` bytes may be written now (all of them without a fault); 0 means the disk
    /// is "full" and `errno` is set to `ENOSPC`.
    static func allowance(_ count: Int) -> Int {
      while true {
        let left = budget.load(ordering: .relaxed)
        if left < 0 { return count }
        let granted = min(left, count)
        if budget.compareExchange(expected: left, desired: left - granted, ordering: .relaxed).exchanged {
          if granted == 0 { errno = ENOSPC }
          return granted
        }
      }
    }
  }
#endif
