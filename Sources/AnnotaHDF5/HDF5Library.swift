// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaHDF5

#if canImport(Glibc)
  import Glibc
#endif

/// Facts about the libhdf5 this build links against, and its process-wide setup.
public enum HDF5Library {
  /// Turns off HDF5's automatic error printing; errors are read from the stack instead.
  ///
  /// In thread-safe builds the setting is per thread, so every entry point calls this first
  /// (cheap); the serial HDF5 queue of later work makes it once per queue thread.
  static var quiet: Void {
    _ = H5open()
    _ = H5Eset_auto2(hid_t(H5E_DEFAULT), nil, nil)
  }

  /// Makes the filter plugins of Debian's packages loadable, once per process.
  ///
  /// libhdf5 loads plugins only from its own plugin folder (or `HDF5_PLUGIN_PATH`), never from a
  /// dataset's. Debian's LZF plugin (`hdf5-plugin-lzf`) leaves `lzf_compress` and `lzf_decompress`
  /// undefined without naming liblzf, so it loads only when liblzf is already in the process with
  /// global symbols: it is opened here, by its system name.
  static let filterLibraries: Void = {
    _ = dlopen("liblzf.so.1", RTLD_NOW | RTLD_GLOBAL)
  }()

  /// Runs `body` on the one queue every libhdf5 call of this process goes through, for code that
  /// calls libhdf5 directly (tests that write files).
  ///
  /// Required, not only polite: the metadata preflight forks a child from that queue, and a libhdf5
  /// call under way on another thread at that moment would leave the library's lock held in the child.
  /// - Parameter body: the libhdf5 calls.
  /// - Returns: what `body` returns.
  public static func serially<T>(_ body: () throws -> T) rethrows -> T { try HDF5Queue.run(body) }

  /// The library version as "major.minor.release".
  ///
  /// The corresponding C function is `H5get_libversion`.
  public static var version: String {
    _ = quiet
    var major: UInt32 = 0
    var minor: UInt32 = 0
    var release: UInt32 = 0
    _ = H5get_libversion(&major, &minor, &release)
    return "\(major).\(minor).\(release)"
  }

  /// Whether this build serialises its API internally.
  ///
  /// The corresponding C function is `H5is_library_threadsafe`.
  public static var isThreadSafe: Bool {
    _ = quiet
    var safe: hbool_t = false
    _ = H5is_library_threadsafe(&safe)
    return safe
  }

  /// The number of HDF5 objects (files, groups, datasets…) currently open in this process.
  ///
  /// Tests use it to prove that every handle was closed. The corresponding C function is
  /// `H5Fget_obj_count`.
  public static var openObjectCount: Int {
    _ = quiet
    return Int(H5Fget_obj_count(hid_t(cannotahdf5_obj_all()), cannotahdf5_obj_all()))
  }

  /// How many HDF5 objects (files, groups, datasets, attributes…) are open in files whose names
  /// start with `prefix`: a test's own files, while other tests have theirs open.
  ///
  /// The corresponding C functions are `H5Fget_obj_ids` and `H5Fget_name`.
  /// - Parameter prefix: a folder (or file) path, as the files were opened.
  /// - Returns: the open objects in those files.
  public static func openObjectCount(inFilesUnder prefix: String) -> Int {
    HDF5Queue.run {
      let all = cannotahdf5_obj_all()
      let count = H5Fget_obj_count(hid_t(all), all)
      guard count > 0 else { return 0 }
      var ids = [hid_t](repeating: 0, count: Int(count))
      let listed = H5Fget_obj_ids(hid_t(all), all, Int(count), &ids)
      var matching = 0
      for id in ids.prefix(Int(max(0, listed))) {
        let length = H5Fget_name(id, nil, 0)
        guard length > 0 else { continue }
        var name = [CChar](repeating: 0, count: Int(length) + 1)
        _ = H5Fget_name(id, &name, name.count)
        let text = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix(prefix) { matching += 1 }
      }
      _ = drainErrorStack()
      return matching
    }
  }

  /// Whether `path` is an HDF5 file (the superblock may sit after a user block).
  ///
  /// The corresponding C function is `H5Fis_hdf5`.
  /// - Parameter path: a file.
  /// - Returns: `true` for HDF5.
  public static func isHDF5(_ path: String) -> Bool {
    HDF5Queue.run {
      let answer = H5Fis_hdf5(path) > 0
      _ = drainErrorStack()
      return answer
    }
  }

  /// Reads and clears HDF5's current error stack as `function: description` lines.
  static func drainErrorStack() -> [String] {
    final class Frames { var lines: [String] = [] }
    let frames = Frames()
    let walker: H5E_walk2_t = { _, frame, context in
      guard let frame, let context else { return 0 }
      let box = Unmanaged<Frames>.fromOpaque(context).takeUnretainedValue()
      let function = frame.pointee.func_name.map { String(cString: $0) } ?? "?"
      let text = frame.pointee.desc.map { String(cString: $0) } ?? ""
      if box.lines.count < 32 { box.lines.append("\(function): \(text)") }
      return 0
    }
    withExtendedLifetime(frames) {
      _ = H5Ewalk2(
        hid_t(H5E_DEFAULT), H5E_WALK_DOWNWARD, walker, Unmanaged.passUnretained(frames).toOpaque())
    }
    _ = H5Eclear2(hid_t(H5E_DEFAULT))
    return frames.lines
  }
}
