// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaHDF5

/// An HDF5 file open read-only.
///
/// Closes in `deinit`; not `Sendable` (HDF5 calls stay on one task).
public final class HDF5File {
  private let id: hid_t
  /// The path this file was opened with.
  public let path: String

  /// Opens `path` read-only.
  /// - Parameter path: the file.
  /// - Throws: ``HDF5Error`` with code `openFailed` when it is missing or not HDF5.
  public init(path: String) throws {
    _ = HDF5Library.quiet
    guard H5Fis_hdf5(path) > 0 else {
      let stack = HDF5Library.drainErrorStack()
      throw HDF5Error(
        code: .openFailed, message: "not an HDF5 file (or cannot be read)", path: path,
        stack: stack)
    }
    let id = H5Fopen(path, cannotahdf5_acc_rdonly(), hid_t(H5P_DEFAULT))
    guard id >= 0 else {
      throw HDF5Error(
        code: .openFailed, message: "cannot open the HDF5 file", path: path,
        stack: HDF5Library.drainErrorStack())
    }
    self.id = id
    self.path = path
  }

  deinit { _ = H5Fclose(id) }

  /// The names of the root group's direct members, in name order.
  /// - Returns: member names.
  /// - Throws: ``HDF5Error`` when the root group cannot be listed.
  public func rootMemberNames() throws -> [String] {
    _ = HDF5Library.quiet
    final class Names { var list: [String] = [] }
    let names = Names()
    let visit: H5L_iterate_t = { _, name, _, context in
      guard let name, let context else { return 0 }
      Unmanaged<Names>.fromOpaque(context).takeUnretainedValue().list.append(String(cString: name))
      return 0
    }
    var index: hsize_t = 0
    let status = withExtendedLifetime(names) {
      H5Literate(
        id, H5_INDEX_NAME, H5_ITER_INC, &index, visit, Unmanaged.passUnretained(names).toOpaque())
    }
    guard status >= 0 else {
      throw HDF5Error(
        code: .malformed, message: "cannot list the root group", path: path,
        stack: HDF5Library.drainErrorStack())
    }
    return names.list
  }
}
