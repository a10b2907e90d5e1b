// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#endif

/// Allocator settings for a program that reads many files of similar size, as `annota validate`,
/// `pack` and `verify` do.
///
/// Process-wide, so never applied behind a caller's back: a program embedding Annota calls it once
/// at start-up if it wants what the CLI gets.
public enum MemoryTuning {
  /// Keeps freed per-file buffers in the heap for the next file.
  ///
  /// A file's bytes and a decoded plane are often over glibc's 128 KiB mmap threshold: unmapping them
  /// and faulting fresh pages in for every file cost about a fifth of `annota validate`'s time on
  /// 512×512 uint16 files. Memory stays bounded by the buffers in flight.
  public static func reuseLargeBuffers() {
    #if canImport(Glibc)
      // `mallopt` is in <malloc.h>, which the Glibc module does not export: look it up instead.
      typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
      let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
      _ = mallopt(-3, 64 << 20)  // M_MMAP_THRESHOLD
      _ = mallopt(-1, 256 << 20)  // M_TRIM_THRESHOLD
    #endif
  }

  /// Returns the heap's free memory to the system (`malloc_trim`), between a phase that built large
  /// transient structures (a manifest's syntax tree) and one that allocates in other threads, whose
  /// allocator arenas would not reuse it: peak memory is then the larger phase, not their sum.
  public static func releaseFreeMemory() {
    #if canImport(Glibc)
      typealias MallocTrim = @convention(c) (Int) -> Int32
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
      _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    #endif
  }
}
