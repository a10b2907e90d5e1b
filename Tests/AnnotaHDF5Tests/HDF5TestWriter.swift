// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import CAnnotaHDF5
import Foundation

/// Writes small HDF5 files for tests, straight through libhdf5 (what h5py does underneath).
enum HDF5TestWriter {
  struct Failure: Error { var step: String }

  /// Writes `values` as a chunked dataset at `name` in a new file, optionally gzip-compressed and
  /// with a filter id the library does not have (marked optional so the write goes through).
  static func write<T>(
    _ values: [T], shape: [Int], type: hid_t, to path: String, name: String, gzip: Bool = true,
    unavailableFilter: UInt32? = nil, filter: UInt32? = nil, chunk: Int = 16, attributes: [String: [Double]] = [:]
  ) throws {
    try HDF5Library.serially {
      _ = H5Eset_auto2(hid_t(H5E_DEFAULT), nil, nil)
      let file = H5Fcreate(path, cannotahdf5_acc_trunc(), cannotahdf5_p_default(), cannotahdf5_p_default())
      guard file >= 0 else { throw Failure(step: "H5Fcreate") }
      defer { H5Fclose(file) }
      var dims = shape.map { hsize_t($0) }
      let space = H5Screate_simple(Int32(shape.count), &dims, nil)
      defer { H5Sclose(space) }
      let plist = H5Pcreate(cannotahdf5_p_dataset_create())
      defer { H5Pclose(plist) }
      var chunks = shape.map { hsize_t(min($0, chunk)) }
      _ = H5Pset_chunk(plist, Int32(shape.count), &chunks)
      if gzip { _ = H5Pset_deflate(plist, 4) }
      if let filter {
        // Mandatory: the write fails unless libhdf5 finds the filter (a plugin, for LZF).
        guard H5Pset_filter(plist, H5Z_filter_t(filter), 0, 0, nil) >= 0 else { throw Failure(step: "H5Pset_filter") }
      }
      if let unavailableFilter {
        _ = H5Pset_filter(plist, H5Z_filter_t(unavailableFilter), cannotahdf5_z_flag_optional(), 0, nil)
      }
      let dataset = H5Dcreate2(file, name, type, space, cannotahdf5_p_default(), plist, cannotahdf5_p_default())
      guard dataset >= 0 else { throw Failure(step: "H5Dcreate2") }
      defer { H5Dclose(dataset) }
      let status = values.withUnsafeBytes {
        H5Dwrite(dataset, type, cannotahdf5_s_all(), cannotahdf5_s_all(), cannotahdf5_p_default(), $0.baseAddress)
      }
      guard status >= 0 else { throw Failure(step: "H5Dwrite") }
      for (key, numbers) in attributes {
        var count = hsize_t(numbers.count)
        let attributeSpace = H5Screate_simple(1, &count, nil)
        defer { H5Sclose(attributeSpace) }
        let attribute = H5Acreate2(
          dataset, key, cannotahdf5_ieee_f64le(), attributeSpace, cannotahdf5_p_default(), cannotahdf5_p_default())
        defer { H5Aclose(attribute) }
        _ = numbers.withUnsafeBytes { H5Awrite(attribute, cannotahdf5_native_double(), $0.baseAddress) }
      }
    }
  }

  /// A dataset of fixed-length strings where a label volume might be expected.
  static func writeStrings(_ strings: [String], length: Int, to path: String, name: String) throws {
    try HDF5Library.serially {
      _ = H5Eset_auto2(hid_t(H5E_DEFAULT), nil, nil)
      let file = H5Fcreate(path, cannotahdf5_acc_trunc(), cannotahdf5_p_default(), cannotahdf5_p_default())
      guard file >= 0 else { throw Failure(step: "H5Fcreate") }
      defer { H5Fclose(file) }
      var dims: [hsize_t] = [hsize_t(strings.count), 1]
      let space = H5Screate_simple(2, &dims, nil)
      defer { H5Sclose(space) }
      let type = H5Tcopy(cannotahdf5_c_s1())
      defer { H5Tclose(type) }
      _ = H5Tset_size(type, length)
      let dataset = H5Dcreate2(
        file, name, type, space, cannotahdf5_p_default(), cannotahdf5_p_default(), cannotahdf5_p_default())
      defer { H5Dclose(dataset) }
      var buffer = [UInt8](repeating: 0, count: strings.count * length)
      for (index, string) in strings.enumerated() {
        for (offset, byte) in string.utf8.prefix(length).enumerated() { buffer[index * length + offset] = byte }
      }
      _ = buffer.withUnsafeBytes {
        H5Dwrite(dataset, type, cannotahdf5_s_all(), cannotahdf5_s_all(), cannotahdf5_p_default(), $0.baseAddress)
      }
    }
  }
}

/// A new HDF5 file built dataset by dataset (intermediate groups created as needed), for layouts
/// such as CREMI's.
///
/// Closed by ``close()``.
final class HDF5TestFile {
  let id: hid_t
  private let links: hid_t

  init(_ path: String) throws {
    (id, links) = try HDF5Library.serially {
      _ = H5Eset_auto2(hid_t(H5E_DEFAULT), nil, nil)
      let id = H5Fcreate(path, cannotahdf5_acc_trunc(), cannotahdf5_p_default(), cannotahdf5_p_default())
      guard id >= 0 else { throw HDF5TestWriter.Failure(step: "H5Fcreate") }
      let links = H5Pcreate(cannotahdf5_p_link_create())
      _ = H5Pset_create_intermediate_group(links, 1)
      return (id, links)
    }
  }

  func close() {
    HDF5Library.serially {
      H5Pclose(links)
      H5Fclose(id)
    }
  }

  func add<T>(_ values: [T], shape: [Int], type: hid_t, at path: String, attributes: [String: [Double]] = [:]) throws {
    try HDF5Library.serially {
      var dims = shape.map { hsize_t($0) }
      let space = H5Screate_simple(Int32(shape.count), &dims, nil)
      defer { H5Sclose(space) }
      let dataset = H5Dcreate2(id, path, type, space, links, cannotahdf5_p_default(), cannotahdf5_p_default())
      guard dataset >= 0 else { throw HDF5TestWriter.Failure(step: "H5Dcreate2 \(path)") }
      defer { H5Dclose(dataset) }
      _ = values.withUnsafeBytes {
        H5Dwrite(dataset, type, cannotahdf5_s_all(), cannotahdf5_s_all(), cannotahdf5_p_default(), $0.baseAddress)
      }
      for (key, numbers) in attributes { try attribute(key, numbers, on: dataset) }
    }
  }

  func addStrings(_ strings: [String], at path: String) throws {
    try HDF5Library.serially {
      var dims = [hsize_t(strings.count)]
      let space = H5Screate_simple(1, &dims, nil)
      defer { H5Sclose(space) }
      let type = H5Tcopy(cannotahdf5_c_s1())
      defer { H5Tclose(type) }
      _ = H5Tset_size(type, cannotahdf5_variable())
      let dataset = H5Dcreate2(id, path, type, space, links, cannotahdf5_p_default(), cannotahdf5_p_default())
      guard dataset >= 0 else { throw HDF5TestWriter.Failure(step: "H5Dcreate2 \(path)") }
      defer { H5Dclose(dataset) }
      let copies = strings.map { strdup($0) }
      defer { copies.forEach { free($0) } }
      _ = copies.withUnsafeBytes {
        H5Dwrite(dataset, type, cannotahdf5_s_all(), cannotahdf5_s_all(), cannotahdf5_p_default(), $0.baseAddress)
      }
    }
  }

  func attribute(_ key: String, _ numbers: [Double], on object: hid_t) throws {
    try HDF5Library.serially {
      var count = hsize_t(numbers.count)
      let space = H5Screate_simple(1, &count, nil)
      defer { H5Sclose(space) }
      let attribute = H5Acreate2(
        object, key, cannotahdf5_ieee_f64le(), space, cannotahdf5_p_default(), cannotahdf5_p_default())
      guard attribute >= 0 else { throw HDF5TestWriter.Failure(step: "H5Acreate2 \(key)") }
      defer { H5Aclose(attribute) }
      _ = numbers.withUnsafeBytes { H5Awrite(attribute, cannotahdf5_native_double(), $0.baseAddress) }
    }
  }

  /// A variable-length string attribute (kept in the file's global heap), as h5py writes `str`.
  func variableStringAttribute(_ key: String, _ text: String, on path: String) throws {
    try stringAttribute(key, text, on: path, variableLength: true)
  }

  func groupAttribute(_ key: String, _ numbers: [Double], on path: String) throws {
    try HDF5Library.serially {
      let group = H5Oopen(id, path, cannotahdf5_p_default())
      defer { H5Oclose(group) }
      try attribute(key, numbers, on: group)
    }
  }

  /// A scalar string attribute: fixed-length (the text's bytes), or variable-length in the global heap.
  func stringAttribute(_ key: String, _ text: String, on path: String, variableLength: Bool = false) throws {
    try HDF5Library.serially {
      let object = H5Oopen(id, path, cannotahdf5_p_default())
      defer { H5Oclose(object) }
      let space = H5Screate(H5S_SCALAR)
      defer { H5Sclose(space) }
      let type = H5Tcopy(cannotahdf5_c_s1())
      defer { H5Tclose(type) }
      _ = H5Tset_size(type, variableLength ? cannotahdf5_variable() : text.utf8.count)
      let attribute = H5Acreate2(object, key, type, space, cannotahdf5_p_default(), cannotahdf5_p_default())
      guard attribute >= 0 else { throw HDF5TestWriter.Failure(step: "H5Acreate2 \(key)") }
      defer { H5Aclose(attribute) }
      if variableLength {
        var pointer: UnsafeMutablePointer<CChar>? = strdup(text)
        defer { free(pointer) }
        _ = H5Awrite(attribute, type, &pointer)
      } else {
        _ = Array(text.utf8).withUnsafeBytes { H5Awrite(attribute, type, $0.baseAddress) }
      }
    }
  }

  /// A string attribute written as an array of 1-character fixed strings, as Imaris does.
  func characterArrayAttribute(_ key: String, _ text: String, on path: String) throws {
    HDF5Library.serially {
      let object = H5Oopen(id, path, cannotahdf5_p_default())
      defer { H5Oclose(object) }
      var count = hsize_t(text.utf8.count)
      let space = H5Screate_simple(1, &count, nil)
      defer { H5Sclose(space) }
      let type = H5Tcopy(cannotahdf5_c_s1())
      defer { H5Tclose(type) }
      _ = H5Tset_size(type, 1)
      let attribute = H5Acreate2(object, key, type, space, cannotahdf5_p_default(), cannotahdf5_p_default())
      defer { H5Aclose(attribute) }
      let bytes = Array(text.utf8)
      _ = bytes.withUnsafeBytes { H5Awrite(attribute, type, $0.baseAddress) }
    }
  }
}

extension HDF5TestWriter {
  /// A compound dataset as PyTables writes a table: per row an 8-byte name, a double `x` and an array
  /// of three doubles `xyz`, in a dataset of `shape` (one axis for a table).
  static func writeTable(
    names: [String], x: [Double], xyz: [[Double]], shape: [Int], to path: String, name: String
  ) throws {
    let rowSize = 40
    var bytes = [UInt8](repeating: 0, count: rowSize * names.count)
    for row in names.indices {
      for (offset, byte) in names[row].utf8.prefix(8).enumerated() { bytes[row * rowSize + offset] = byte }
      let numbers = [x[row]] + xyz[row]
      for (index, number) in numbers.enumerated() {
        withUnsafeBytes(of: number) { raw in
          for (offset, byte) in raw.enumerated() { bytes[row * rowSize + 8 + index * 8 + offset] = byte }
        }
      }
    }
    try HDF5Library.serially {
      _ = H5Eset_auto2(hid_t(H5E_DEFAULT), nil, nil)
      let file = H5Fcreate(path, cannotahdf5_acc_trunc(), cannotahdf5_p_default(), cannotahdf5_p_default())
      guard file >= 0 else { throw Failure(step: "H5Fcreate") }
      defer { H5Fclose(file) }
      let text = H5Tcopy(cannotahdf5_c_s1())
      defer { H5Tclose(text) }
      _ = H5Tset_size(text, 8)
      var three: hsize_t = 3
      let array = H5Tarray_create2(cannotahdf5_native_double(), 1, &three)
      defer { H5Tclose(array) }
      let type = H5Tcreate(H5T_COMPOUND, rowSize)
      defer { H5Tclose(type) }
      _ = H5Tinsert(type, "name", 0, text)
      _ = H5Tinsert(type, "x", 8, cannotahdf5_native_double())
      _ = H5Tinsert(type, "xyz", 16, array)
      var dims = shape.map { hsize_t($0) }
      let space = H5Screate_simple(Int32(shape.count), &dims, nil)
      defer { H5Sclose(space) }
      let dataset = H5Dcreate2(
        file, name, type, space, cannotahdf5_p_default(), cannotahdf5_p_default(), cannotahdf5_p_default())
      guard dataset >= 0 else { throw Failure(step: "H5Dcreate2") }
      defer { H5Dclose(dataset) }
      let status = bytes.withUnsafeBytes {
        H5Dwrite(dataset, type, cannotahdf5_s_all(), cannotahdf5_s_all(), cannotahdf5_p_default(), $0.baseAddress)
      }
      guard status >= 0 else { throw Failure(step: "H5Dwrite") }
    }
  }
}
