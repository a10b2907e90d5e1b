// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaHDF5

/// A 1-D compound dataset read field by field (a PyTables table, as pandas writes `format="table"`):
/// text fields as strings, numeric fields and fixed arrays of numbers as doubles.
public struct HDF5Table: Sendable {
  /// The rows.
  public var count: Int
  /// Text fields by name, one string per row.
  public var strings: [String: [String]]
  /// Numeric fields by name, one array per row (one element for a scalar field).
  public var numbers: [String: [[Double]]]
}

extension HDF5File {
  /// Reads a 1-D compound dataset's string and numeric fields (others are left out).
  /// - Parameter datasetPath: the internal path.
  /// - Returns: the fields.
  /// - Throws: ``HDF5Error`` when it does not exist, is not a 1-D compound dataset, or is larger
  ///   than the read limit.
  public func readTable(_ datasetPath: String) throws -> HDF5Table {
    try HDF5Queue.run {
      let dataset = H5Dopen2(id, datasetPath, cannotahdf5_p_default())
      guard dataset >= 0 else { throw error(.notFound, "no dataset at \(datasetPath)") }
      defer { H5Dclose(dataset) }
      let type = H5Dget_type(dataset)
      defer { H5Tclose(type) }
      guard H5Tget_class(type) == H5T_COMPOUND else {
        throw error(.unsupported, "\(datasetPath) is not a compound (table) dataset")
      }
      let space = H5Dget_space(dataset)
      defer { H5Sclose(space) }
      guard H5Sget_simple_extent_ndims(space) == 1 else {
        throw error(.unsupported, "\(datasetPath) is not a 1-D table")
      }
      let rows = Int(H5Sget_simple_extent_npoints(space))
      let (bytes, overflow) = max(rows, 0).multipliedReportingOverflow(by: Int(H5Tget_size(type)))
      guard rows >= 0, !overflow, bytes <= limits.maxReadBytes else {
        throw error(.limitExceeded, "\(datasetPath) is larger than the read limit")
      }
      // The checks every dataset read passes: filters installed, stored bytes that hold the rows.
      try checkFilters(dataset, datasetPath)
      try checkStorage(dataset, datasetPath, elements: rows, fileType: type)
      // A field is read as 8-byte doubles: its buffer, not the row, must fit the limit.
      func fits(_ width: Int) -> Bool {
        let (total, overflow) = rows.multipliedReportingOverflow(by: 8 * width)
        return !overflow && total <= limits.maxReadBytes
      }
      var table = HDF5Table(count: rows, strings: [:], numbers: [:])
      for member in 0..<Int(max(0, H5Tget_nmembers(type))) {
        guard let cName = H5Tget_member_name(type, UInt32(member)) else { continue }
        let name = String(cString: cName)
        H5free_memory(cName)
        let memberType = H5Tget_member_type(type, UInt32(member))
        defer { H5Tclose(memberType) }
        // One field at a time: a compound memory type of that field alone, matched by name.
        switch H5Tget_class(memberType) {
        case H5T_STRING where H5Tis_variable_str(memberType) <= 0:
          let size = Int(H5Tget_size(memberType))
          var buffer = [UInt8](repeating: 0, count: max(1, size * rows))
          try readField(dataset, name: name, fieldType: memberType, size: size, into: &buffer, path: datasetPath)
          table.strings[name] = (0..<rows).map {
            String(decoding: buffer[$0 * size..<($0 + 1) * size].prefix { $0 != 0 }, as: UTF8.self)
          }
        case H5T_INTEGER, H5T_FLOAT:
          guard fits(1) else {
            throw error(.limitExceeded, "\(datasetPath): field \(name) is larger than the read limit")
          }
          var buffer = [Double](repeating: 0, count: max(1, rows))
          try buffer.withUnsafeMutableBytes { raw in
            var bytes = [UInt8](repeating: 0, count: raw.count)
            try readField(
              dataset, name: name, fieldType: cannotahdf5_native_double(), size: 8, into: &bytes, path: datasetPath)
            raw.copyBytes(from: bytes)
          }
          table.numbers[name] = buffer.prefix(rows).map { [$0] }
        case H5T_ARRAY:
          let base = H5Tget_super(memberType)
          defer { H5Tclose(base) }
          let rank = Int(H5Tget_array_ndims(memberType))
          guard rank >= 1, rank <= 4, [H5T_INTEGER, H5T_FLOAT].contains(H5Tget_class(base)) else { continue }
          var dims = [hsize_t](repeating: 0, count: rank)
          _ = H5Tget_array_dims2(memberType, &dims)
          let width = dims.reduce(1) { $0 * Int($1) }
          guard width > 0, width <= 1 << 20 else { continue }
          guard fits(width) else {
            throw error(.limitExceeded, "\(datasetPath): field \(name) is larger than the read limit")
          }
          let arrayType = H5Tarray_create2(cannotahdf5_native_double(), UInt32(rank), dims)
          defer { H5Tclose(arrayType) }
          var bytes = [UInt8](repeating: 0, count: max(1, 8 * width * rows))
          try readField(dataset, name: name, fieldType: arrayType, size: 8 * width, into: &bytes, path: datasetPath)
          let values = bytes.withUnsafeBytes { Array($0.bindMemory(to: Double.self).prefix(width * rows)) }
          table.numbers[name] = (0..<rows).map { Array(values[$0 * width..<($0 + 1) * width]) }
        default:
          continue
        }
      }
      return table
    }
  }

  /// Reads one field of every row into `buffer`, converted to `fieldType`.
  private func readField(
    _ dataset: hid_t, name: String, fieldType: hid_t, size: Int, into buffer: inout [UInt8], path: String
  ) throws {
    let memory = H5Tcreate(H5T_COMPOUND, size)
    defer { H5Tclose(memory) }
    guard memory >= 0, H5Tinsert(memory, name, 0, fieldType) >= 0,
      H5Dread(dataset, memory, cannotahdf5_s_all(), cannotahdf5_s_all(), cannotahdf5_p_default(), &buffer) >= 0
    else { throw error(.malformed, "cannot read field \(name) of \(path)") }
  }
}
