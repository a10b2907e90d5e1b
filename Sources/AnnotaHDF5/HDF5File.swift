// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaHDF5
import Synchronization

/// An HDF5 file open read-only.
///
/// Every call runs on the HDF5 queue; every handle opened for a call is closed before it returns,
/// also on error paths. Closes the file in `deinit`.
public final class HDF5File: @unchecked Sendable {  // the id is only used on the serial HDF5 queue
  let id: hid_t
  /// The path this file was opened with.
  public let path: String
  /// Resource limits.
  public let limits: HDF5Limits
  /// The file's size when it was opened: no chunk stored in it can be larger.
  private let fileBytes: hsize_t?

  /// Opens `path` read-only.
  /// - Parameters:
  ///   - path: the file.
  ///   - limits: bounds for hostile files.
  /// - Throws: ``HDF5Error`` with code `openFailed` when it is missing, truncated or not HDF5.
  public init(path: String, limits: HDF5Limits = .defaults) throws {
    self.path = path
    self.limits = limits
    id = try HDF5Queue.run {
      guard H5Fis_hdf5(path) > 0 else {
        throw HDF5Error(
          code: .openFailed, message: "not an HDF5 file (or cannot be read)", path: path,
          stack: HDF5Library.drainErrorStack())
      }
      try Self.preflight(path, limits: limits)
      let id = H5Fopen(path, cannotahdf5_acc_rdonly(), cannotahdf5_p_default())
      guard id >= 0 else {
        throw HDF5Error(
          code: .openFailed, message: "cannot open the HDF5 file (damaged or truncated?)", path: path,
          stack: HDF5Library.drainErrorStack())
      }
      return id
    }
    let opened = id
    fileBytes = HDF5Queue.run {
      var size: hsize_t = 0
      return H5Fget_filesize(opened, &size) >= 0 ? size : nil
    }
  }

  /// Reads the file's metadata in a child process first.
  ///
  /// The child is forked on the HDF5 queue, so no HDF5 call is under way when it forks: a file on
  /// which libhdf5 hangs or crashes is refused, and this process never runs that code. The child is a
  /// worker, forked once and reused for every file until one kills it.
  private static func preflight(_ path: String, limits: HDF5Limits) throws {
    guard limits.metadataMilliseconds > 0 else { return }
    let outcome = cannotahdf5_preflight(&preflightWorker, path, Int32(clamping: limits.metadataMilliseconds))
    switch outcome {
    case 2:
      throw HDF5Error(
        code: .limitExceeded,
        message:
          "libhdf5 did not finish reading the file's metadata within \(limits.metadataMilliseconds) ms (damaged or hostile); not opened",
        path: path)
    case 3, 100...:
      let how = outcome == 3 ? "did not end cleanly" : "crashed (signal \(outcome - 100))"
      throw HDF5Error(
        code: .malformed, message: "libhdf5 \(how) reading the file's metadata; damaged or hostile, not opened",
        path: path)
    default:
      return  // 0: read; 1: the open below says why; -1: no child could be started, open as before
    }
  }

  deinit {
    let id = id
    HDF5Queue.run { _ = H5Fclose(id) }
  }

  /// The names of the root group's direct members, in name order.
  /// - Returns: member names.
  /// - Throws: ``HDF5Error`` when the root group cannot be listed.
  public func rootMemberNames() throws -> [String] {
    try HDF5Queue.run { try memberNames(of: "/") }
  }

  /// Every group and dataset below the root, depth first, in name order.
  /// - Returns: the objects (the root itself left out).
  /// - Throws: ``HDF5Error`` when the file's structure cannot be read or exceeds the limits.
  public func objects() throws -> [HDF5Object] {
    try HDF5Queue.run {
      var found: [HDF5Object] = []
      var visited: Set<haddr_t> = []
      try walk("/", depth: 0, into: &found, visited: &visited)
      return found
    }
  }

  /// The attributes of an object (group or dataset; `/` for the file).
  /// - Parameter objectPath: the internal path.
  /// - Returns: attributes by name.
  /// - Throws: ``HDF5Error`` when the object does not exist.
  public func attributes(of objectPath: String) throws -> [String: HDF5AttributeValue] {
    try HDF5Queue.run {
      let object = H5Oopen(id, objectPath, cannotahdf5_p_default())
      guard object >= 0 else { throw error(.notFound, "no object at \(objectPath)") }
      defer { H5Oclose(object) }
      return try readAttributes(object)
    }
  }

  /// What a dataset is: shape, type, chunks, filters and attributes.
  /// - Parameter datasetPath: the internal path.
  /// - Returns: its description.
  /// - Throws: ``HDF5Error`` when there is no such dataset.
  public func dataset(_ datasetPath: String) throws -> HDF5DatasetInfo {
    try HDF5Queue.run {
      let dataset = H5Dopen2(id, datasetPath, cannotahdf5_p_default())
      guard dataset >= 0 else { throw error(.notFound, "no dataset at \(datasetPath)") }
      defer { H5Dclose(dataset) }
      let type = H5Dget_type(dataset)
      defer { H5Tclose(type) }
      let space = H5Dget_space(dataset)
      defer { H5Sclose(space) }
      let rank = Int(H5Sget_simple_extent_ndims(space))
      guard rank >= 0, rank <= 32 else { throw error(.malformed, "\(datasetPath) has an invalid rank") }
      var dims = [hsize_t](repeating: 0, count: rank)
      _ = H5Sget_simple_extent_dims(space, &dims, nil)
      let plist = H5Dget_create_plist(dataset)
      defer { H5Pclose(plist) }
      var chunks: [Int]? = nil
      if H5Pget_layout(plist) == H5D_CHUNKED {
        var chunkDims = [hsize_t](repeating: 0, count: max(rank, 1))
        let chunkRank = H5Pget_chunk(plist, Int32(max(rank, 1)), &chunkDims)
        if chunkRank > 0 { chunks = chunkDims.prefix(Int(chunkRank)).map { Int(clamping: $0) } }
      }
      var filters: [HDF5Filter] = []
      let count = H5Pget_nfilters(plist)
      if count > 0 {
        for index in 0..<min(count, 32) {
          var flags: UInt32 = 0
          var elements = 8
          var values = [UInt32](repeating: 0, count: 8)
          var name = [CChar](repeating: 0, count: 64)
          var config: UInt32 = 0
          let filter = H5Pget_filter2(plist, UInt32(index), &flags, &elements, &values, name.count, &name, &config)
          let number = Int(filter)
          let stored = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
          filters.append(
            HDF5Filter(
              id: number, name: HDF5Filter.knownName(number) ?? (stored.isEmpty ? "filter \(number)" : stored),
              isAvailable: H5Zfilter_avail(filter) > 0))
        }
      }
      _ = HDF5Library.drainErrorStack()
      return HDF5DatasetInfo(
        path: datasetPath, shape: try shape(dims, datasetPath), type: elementType(type), chunks: chunks,
        filters: filters,
        attributes: try readAttributes(dataset),
        isBigEndian: H5Tget_class(type) != H5T_STRING && H5Tget_order(type) == H5T_ORDER_BE)
    }
  }

  /// Reads a hyperslab of a numeric dataset, converted to native byte order.
  /// - Parameters:
  ///   - datasetPath: the internal path.
  ///   - start: the first index on each axis.
  ///   - count: how many elements along each axis.
  /// - Returns: the elements, row-major, native order, and their type.
  /// - Throws: ``HDF5Error`` for strings or other types, unavailable filters, out-of-range slabs, or
  ///   damaged chunks.
  public func read(_ datasetPath: String, start: [Int], count: [Int]) throws -> (bytes: [UInt8], type: HDF5ElementType)
  {
    try openDataset(datasetPath).read(start: start, count: count)
  }

  /// Opens a numeric dataset for repeated hyperslab reads; its chunk cache then survives between
  /// reads, so a chunk is decompressed once, not once per plane.
  /// - Parameter datasetPath: the internal path.
  /// - Returns: the open dataset.
  /// - Throws: ``HDF5Error`` when it does not exist, is not numeric, or needs an unavailable filter.
  public func openDataset(_ datasetPath: String) throws -> HDF5DatasetReader {
    try HDF5Queue.run {
      let dataset = H5Dopen2(id, datasetPath, cannotahdf5_p_default())
      guard dataset >= 0 else { throw error(.notFound, "no dataset at \(datasetPath)") }
      var keep = false
      defer { if !keep { H5Dclose(dataset) } }
      let fileType = H5Dget_type(dataset)
      defer { H5Tclose(fileType) }
      let kind = elementType(fileType)
      guard let width = kind.byteWidth, let memoryType = nativeType(kind) else {
        throw error(.unsupported, "\(datasetPath) holds \(kind) elements; a numeric dataset was expected")
      }
      try checkFilters(dataset, datasetPath)
      let space = H5Dget_space(dataset)
      defer { H5Sclose(space) }
      let rank = Int(H5Sget_simple_extent_ndims(space))
      var dims = [hsize_t](repeating: 0, count: max(rank, 0))
      _ = H5Sget_simple_extent_dims(space, &dims, nil)
      let extent = try shape(dims, datasetPath)
      try checkStorage(dataset, datasetPath, elements: extent.reduce(1, *), fileType: fileType)
      keep = true
      let reader = HDF5DatasetReader(
        file: self, id: dataset, path: datasetPath, shape: extent, type: kind, width: width,
        memoryType: memoryType, direct: directPipeline(dataset, fileType: fileType, rank: rank))
      reader.chunkGuard = chunkGuard(dataset, rank: rank)
      return reader
    }
  }

  /// The chunk layout and filters when this process can decode the chunks itself (deflate, with or
  /// without shuffle, of little-endian numbers: what h5py and most tools write), else `nil`.
  private func directPipeline(_ dataset: hid_t, fileType: hid_t, rank: Int) -> DirectChunkPipeline? {
    guard rank > 0, H5Tget_order(fileType) == H5T_ORDER_LE else { return nil }
    let plist = H5Dget_create_plist(dataset)
    defer { H5Pclose(plist) }
    guard H5Pget_layout(plist) == H5D_CHUNKED else { return nil }
    var chunkDims = [hsize_t](repeating: 0, count: rank)
    guard H5Pget_chunk(plist, Int32(rank), &chunkDims) == Int32(rank), chunkDims.allSatisfy({ $0 > 0 }) else {
      return nil
    }
    var filters: [Int] = []
    for index in 0..<max(0, min(H5Pget_nfilters(plist), 8)) {
      var flags: UInt32 = 0
      var elements = 0
      var config: UInt32 = 0
      filters.append(Int(H5Pget_filter2(plist, UInt32(index), &flags, &elements, nil, 0, nil, &config)))
    }
    guard filters == [1] || filters == [2, 1] else { return nil }
    return DirectChunkPipeline(chunk: chunkDims.map { Int(clamping: $0) }, shuffle: filters.first == 2)
  }

  /// Refuses a compact or contiguous dataset whose stored bytes do not hold its elements.
  ///
  /// libhdf5 1.10 reads such a dataset past (or from outside) its buffer, where later versions refuse
  /// it. A fuzzed compact dataset did exactly that. Call on the HDF5 queue.
  func checkStorage(_ dataset: hid_t, _ datasetPath: String, elements: Int, fileType: hid_t) throws {
    let plist = H5Dget_create_plist(dataset)
    defer { H5Pclose(plist) }
    let layout = H5Pget_layout(plist)
    guard layout == H5D_COMPACT || layout == H5D_CONTIGUOUS else { return }
    let (expected, overflow) = elements.multipliedReportingOverflow(by: Int(H5Tget_size(fileType)))
    let stored = Int(clamping: H5Dget_storage_size(dataset))
    _ = HDF5Library.drainErrorStack()
    let damaged =
      overflow || (layout == H5D_COMPACT ? stored != expected : stored != 0 && stored < expected)
    if damaged {
      throw error(
        .malformed,
        "\(datasetPath) stores \(stored) bytes for \(elements) elements of \(H5Tget_size(fileType)) bytes (damaged layout)"
      )
    }
  }

  /// The chunk shape of a chunked dataset, and whether it has a filter pipeline; `nil` otherwise.
  private func chunkGuard(_ dataset: hid_t, rank: Int) -> (dims: [Int], filtered: Bool)? {
    let plist = H5Dget_create_plist(dataset)
    defer { H5Pclose(plist) }
    guard rank > 0, H5Pget_layout(plist) == H5D_CHUNKED else { return nil }
    let filtered = H5Pget_nfilters(plist) > 0
    var chunkDims = [hsize_t](repeating: 0, count: rank)
    guard H5Pget_chunk(plist, Int32(rank), &chunkDims) == Int32(rank), chunkDims.allSatisfy({ $0 > 0 }) else {
      return nil
    }
    return (chunkDims.map { Int(clamping: $0) }, filtered)
  }

  /// Refuses a slab whose chunks libhdf5 cannot read safely.
  ///
  /// A chunk that says its filters were skipped (a non-zero filter mask) is copied as it is stored,
  /// and libhdf5 1.10 copies a whole chunk's bytes from it without checking its size — past the end
  /// of a shorter one (a fuzzed file did exactly that). Such a chunk is damage. Call on the HDF5 queue.
  fileprivate func checkStoredChunks(_ reader: HDF5DatasetReader, start: [Int], count: [Int]) throws {
    guard let (chunk, filtered) = reader.chunkGuard, chunk.count == start.count else { return }
    let raw = chunk.reduce(reader.width, *)
    let first = zip(start, chunk).map { $0 / $1 }
    let last = zip(zip(start, count), chunk).map { ($0.0 + max($0.1, 1) - 1) / $1 }
    var index = first
    var visited = 0
    while true {
      var offset = zip(index, chunk).map { hsize_t($0 * $1) }
      var mask: UInt32 = 0
      var address: haddr_t = 0
      var size: hsize_t = 0
      // Stored as is (no filters, or filters skipped), a chunk must hold a whole chunk's bytes.
      if H5Dget_chunk_info_by_coord(reader.id, &offset, &mask, &address, &size) >= 0, size > 0 {
        if mask != 0 || !filtered, size < hsize_t(raw) {
          throw error(
            .malformed,
            "the chunk at \(offset) of \(reader.path) is stored with its filters skipped but holds \(size) of \(raw) bytes"
          )
        }
        // libhdf5 allocates a chunk's stored size before reading it: a damaged index can claim
        // gigabytes in a file of kilobytes.
        if let fileBytes = fileBytes, size > fileBytes {
          throw error(
            .malformed,
            "the chunk at \(offset) of \(reader.path) claims \(size) stored bytes; the whole file has \(fileBytes)")
        }
      }
      _ = HDF5Library.drainErrorStack()
      visited += 1
      // The slabs read are at most a few chunks; a hostile selection cannot make this loop long.
      guard visited < 1 << 20, GridIndex.advance(&index, from: first, through: last) else { return }
    }
  }

  /// Chunks' stored bytes, read without decoding in one visit to the queue (each visit is a thread
  /// hop), `nil` for a chunk that is not stored (fill value) or skipped a filter: the caller then
  /// reads it through libhdf5.
  fileprivate func rawChunks(_ reader: HDF5DatasetReader, at offsets: [[Int]]) -> [[UInt8]?] {
    HDF5Queue.run {
      offsets.map { offset in
        var position = offset.map { hsize_t($0) }
        var stored: hsize_t = 0
        guard H5Dget_chunk_storage_size(reader.id, &position, &stored) >= 0, stored > 0, stored <= 1 << 30 else {
          _ = HDF5Library.drainErrorStack()
          return nil
        }
        var bytes = [UInt8](repeating: 0, count: Int(stored))
        var mask: UInt32 = 0
        let status = bytes.withUnsafeMutableBytes {
          H5Dread_chunk(reader.id, cannotahdf5_p_default(), &position, &mask, $0.baseAddress)
        }
        guard status >= 0, mask == 0 else {
          _ = HDF5Library.drainErrorStack()
          return nil
        }
        return bytes
      }
    }
  }

  /// Reads a selection of an open dataset (on the queue).
  fileprivate func read(_ reader: HDF5DatasetReader, start: [Int], count: [Int]) throws -> [UInt8] {
    try HDF5Queue.run {
      let rank = reader.shape.count
      guard start.count == rank, count.count == rank else {
        throw error(.malformed, "\(reader.path) has \(rank) axes; the slab names \(start.count)")
      }
      for axis in 0..<rank where start[axis] < 0 || count[axis] < 0 || start[axis] + count[axis] > reader.shape[axis] {
        throw error(.malformed, "slab \(start)+\(count) lies outside \(reader.path) of shape \(reader.shape)")
      }
      let total = count.reduce(1, *)
      guard total * reader.width <= limits.maxReadBytes else {
        throw error(.limitExceeded, "a slab of \(total) elements is over the \(limits.maxReadBytes)-byte read limit")
      }
      let space = H5Dget_space(reader.id)
      defer { H5Sclose(space) }
      var hstart = start.map { hsize_t($0) }
      var hcount = count.map { hsize_t($0) }
      guard H5Sselect_hyperslab(space, H5S_SELECT_SET, &hstart, nil, &hcount, nil) >= 0 else {
        throw error(.malformed, "cannot select \(start)+\(count) in \(reader.path)")
      }
      try checkStoredChunks(reader, start: start, count: count)
      let memory = H5Screate_simple(Int32(rank), &hcount, nil)
      defer { H5Sclose(memory) }
      var bytes = [UInt8](repeating: 0, count: total * reader.width)
      let status = bytes.withUnsafeMutableBytes {
        H5Dread(reader.id, reader.memoryType, memory, space, cannotahdf5_p_default(), $0.baseAddress)
      }
      guard status >= 0 else { throw error(.malformed, "cannot read \(reader.path) (damaged chunk or data)") }
      return bytes
    }
  }

  fileprivate func close(_ dataset: hid_t) {
    HDF5Queue.run { _ = H5Dclose(dataset) }
  }

  /// Reads a string dataset (fixed or variable length, scalar or 1-D) as strings.
  /// - Parameter datasetPath: the internal path.
  /// - Returns: the strings, in order.
  /// - Throws: ``HDF5Error`` when it does not exist or is not a string dataset.
  public func readStrings(_ datasetPath: String) throws -> [String] {
    try HDF5Queue.run {
      let dataset = H5Dopen2(id, datasetPath, cannotahdf5_p_default())
      guard dataset >= 0 else { throw error(.notFound, "no dataset at \(datasetPath)") }
      defer { H5Dclose(dataset) }
      let type = H5Dget_type(dataset)
      defer { H5Tclose(type) }
      guard case .string(let length) = elementType(type) else {
        throw error(.unsupported, "\(datasetPath) holds \(elementType(type)) elements, not strings")
      }
      let space = H5Dget_space(dataset)
      defer { H5Sclose(space) }
      let count = Int(H5Sget_simple_extent_npoints(space))
      guard count >= 0, count <= 1 << 20 else { throw error(.limitExceeded, "\(datasetPath) holds too many strings") }
      if let length {
        var buffer = [UInt8](repeating: 0, count: max(1, length * count))
        guard H5Dread(dataset, type, cannotahdf5_s_all(), cannotahdf5_s_all(), cannotahdf5_p_default(), &buffer) >= 0
        else {
          throw error(.malformed, "cannot read \(datasetPath)")
        }
        return (0..<count).map {
          String(decoding: buffer[$0 * length..<($0 + 1) * length].prefix { $0 != 0 }, as: UTF8.self)
        }
      }
      let memory = H5Tcopy(cannotahdf5_c_s1())
      defer { H5Tclose(memory) }
      _ = H5Tset_size(memory, cannotahdf5_variable())
      _ = H5Tset_cset(memory, H5Tget_cset(type))
      var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: max(1, count))
      guard H5Dread(dataset, memory, cannotahdf5_s_all(), cannotahdf5_s_all(), cannotahdf5_p_default(), &pointers) >= 0
      else {
        throw error(.malformed, "cannot read \(datasetPath)")
      }
      defer { for pointer in pointers { if let pointer { H5free_memory(pointer) } } }
      return pointers.prefix(count).map { $0.map { String(cString: $0) } ?? "" }
    }
  }

  /// The number of HDF5 objects this file has open (the file itself counts one).
  public var openObjectCount: Int {
    HDF5Queue.run { Int(H5Fget_obj_count(id, cannotahdf5_obj_all())) }
  }

  // MARK: - Internals (on the queue)

  /// A dataset's extent as `Int`s, refused when its element count is over 2^56: every product of a
  /// shape (and of a count by an element's 16 bytes at most) then fits in `Int`, whatever the file says.
  private func shape(_ dims: [hsize_t], _ datasetPath: String) throws -> [Int] {
    var elements: hsize_t = 1
    for dim in dims {
      let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
      guard !overflow, product <= 1 << 56 else {
        throw error(.limitExceeded, "\(datasetPath) has an extent of \(dims) elements, over 2^56")
      }
      elements = product
    }
    return dims.map { Int($0) }
  }

  func error(_ code: HDF5Error.Code, _ message: String) -> HDF5Error {
    HDF5Error(code: code, message: message, path: path, stack: HDF5Library.drainErrorStack())
  }

  func checkFilters(_ dataset: hid_t, _ datasetPath: String) throws {
    let plist = H5Dget_create_plist(dataset)
    defer { H5Pclose(plist) }
    let count = H5Pget_nfilters(plist)
    guard count > 0 else { return }
    for index in 0..<min(count, 32) {
      var flags: UInt32 = 0
      var elements = 0
      var config: UInt32 = 0
      let filter = H5Pget_filter2(plist, UInt32(index), &flags, &elements, nil, 0, nil, &config)
      if H5Zfilter_avail(filter) <= 0 {
        let number = Int(filter)
        throw error(
          .unsupported,
          "\(datasetPath) needs compression filter \(number) (\(HDF5Filter.knownName(number) ?? "unknown")), which is not installed, so its data cannot be read; install the filter plugin (Debian: hdf5-plugin-lzf, hdf5-filter-plugin, hdf5-filter-plugin-blosc-serial, hdf5-filter-plugin-zfp-serial) or re-save the file with gzip: h5repack -f GZIP=4 IN OUT"
        )
      }
    }
  }

  private func memberNames(of group: String) throws -> [String] {
    final class Names { var list: [String] = [] }
    let names = Names()
    let visit: H5L_iterate_t = { _, name, _, context in
      guard let name, let context else { return 0 }
      Unmanaged<Names>.fromOpaque(context).takeUnretainedValue().list.append(String(cString: name))
      return 0
    }
    let handle = H5Gopen2(id, group, cannotahdf5_p_default())
    guard handle >= 0 else { throw error(.notFound, "no group at \(group)") }
    defer { H5Gclose(handle) }
    var index: hsize_t = 0
    let status = withExtendedLifetime(names) {
      H5Literate(handle, H5_INDEX_NAME, H5_ITER_INC, &index, visit, Unmanaged.passUnretained(names).toOpaque())
    }
    guard status >= 0 else { throw error(.malformed, "cannot list the group \(group)") }
    return names.list
  }

  private func walk(_ group: String, depth: Int, into found: inout [HDF5Object], visited: inout Set<haddr_t>) throws {
    guard depth < limits.maxDepth else { throw error(.limitExceeded, "groups nested deeper than \(limits.maxDepth)") }
    for name in try memberNames(of: group) {
      let child = group == "/" ? "/" + name : group + "/" + name
      var info = H5O_info_t()
      guard H5Oget_info_by_name2(id, child, &info, cannotahdf5_o_info_basic(), cannotahdf5_p_default()) >= 0 else {
        _ = HDF5Library.drainErrorStack()
        continue  // dangling soft or external link
      }
      guard found.count < limits.maxObjects else {
        throw error(.limitExceeded, "more than \(limits.maxObjects) objects")
      }
      switch info.type {
      case H5O_TYPE_GROUP:
        found.append(HDF5Object(path: child, kind: .group))
        if visited.insert(info.addr).inserted { try walk(child, depth: depth + 1, into: &found, visited: &visited) }
      case H5O_TYPE_DATASET:
        found.append(HDF5Object(path: child, kind: .dataset))
      default:
        break
      }
    }
  }

  private func readAttributes(_ object: hid_t) throws -> [String: HDF5AttributeValue] {
    var attributes: [String: HDF5AttributeValue] = [:]
    let count = H5Aget_num_attrs(object)
    guard count > 0 else { return attributes }
    for index in 0..<min(Int(count), 256) {
      let attribute = H5Aopen_by_idx(
        object, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, hsize_t(index), cannotahdf5_p_default(), cannotahdf5_p_default())
      let handle =
        attribute >= 0
        ? attribute
        : H5Aopen_by_idx(
          object, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(index), cannotahdf5_p_default(), cannotahdf5_p_default())
      guard handle >= 0 else { continue }
      defer { H5Aclose(handle) }
      var name = [CChar](repeating: 0, count: 256)
      _ = H5Aget_name(handle, name.count, &name)
      let key = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      attributes[key] = readAttribute(handle)
    }
    _ = HDF5Library.drainErrorStack()
    return attributes
  }

  private func readAttribute(_ attribute: hid_t) -> HDF5AttributeValue {
    let type = H5Aget_type(attribute)
    defer { H5Tclose(type) }
    let space = H5Aget_space(attribute)
    defer { H5Sclose(space) }
    let elements = Int(H5Sget_simple_extent_npoints(space))
    guard elements >= 0, elements <= 1 << 20 else { return .unsupported("too large") }
    let kind = elementType(type)
    switch kind {
    case .integer(let bits, let signed):
      if !signed, bits == 64 {
        var values = [UInt64](repeating: 0, count: elements)
        guard H5Aread(attribute, cannotahdf5_native_uint64(), &values) >= 0 else { return .unsupported("unreadable") }
        return values.allSatisfy { $0 <= UInt64(Int64.max) }
          ? .integers(values.map { Int64($0) }) : .unsignedIntegers(values)
      }
      var values = [Int64](repeating: 0, count: elements)
      guard H5Aread(attribute, cannotahdf5_native_int64(), &values) >= 0 else { return .unsupported("unreadable") }
      return .integers(values)
    case .float:
      var values = [Double](repeating: 0, count: elements)
      guard H5Aread(attribute, cannotahdf5_native_double(), &values) >= 0 else { return .unsupported("unreadable") }
      return .numbers(values)
    case .string(let length):
      if let length {
        var buffer = [UInt8](repeating: 0, count: max(1, length * elements))
        let memory = H5Tcopy(type)
        defer { H5Tclose(memory) }
        guard H5Aread(attribute, memory, &buffer) >= 0 else { return .unsupported("unreadable") }
        let strings = (0..<elements).map { index in
          String(decoding: buffer[index * length..<(index + 1) * length].prefix { $0 != 0 }, as: UTF8.self)
        }
        return .strings(strings)
      }
      var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: elements)
      let memory = H5Tcopy(cannotahdf5_c_s1())
      defer { H5Tclose(memory) }
      _ = H5Tset_size(memory, cannotahdf5_variable())
      _ = H5Tset_cset(memory, H5Tget_cset(type))
      guard H5Aread(attribute, memory, &pointers) >= 0 else { return .unsupported("unreadable") }
      let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
      for pointer in pointers { if let pointer { H5free_memory(pointer) } }
      return .strings(strings)
    case .other(let name):
      return .unsupported(name)
    }
  }

  private func elementType(_ type: hid_t) -> HDF5ElementType {
    let size = Int(H5Tget_size(type))
    switch H5Tget_class(type) {
    case H5T_INTEGER: return .integer(bits: size * 8, signed: H5Tget_sign(type) == H5T_SGN_2)
    case H5T_FLOAT: return .float(bits: size * 8)
    case H5T_STRING: return .string(length: H5Tis_variable_str(type) > 0 ? nil : size)
    case H5T_COMPOUND: return .other("compound")
    case H5T_ENUM: return .other("enum")
    case H5T_ARRAY: return .other("array")
    case H5T_OPAQUE: return .other("opaque")
    case H5T_REFERENCE: return .other("reference")
    case H5T_VLEN: return .other("vlen")
    case H5T_BITFIELD: return .other("bitfield")
    default: return .other("unknown")
    }
  }

  private func nativeType(_ kind: HDF5ElementType) -> hid_t? {
    switch kind {
    case .integer(8, false): cannotahdf5_native_uint8()
    case .integer(16, false): cannotahdf5_native_uint16()
    case .integer(32, false): cannotahdf5_native_uint32()
    case .integer(64, false): cannotahdf5_native_uint64()
    case .integer(8, true): cannotahdf5_native_int8()
    case .integer(16, true): cannotahdf5_native_int16()
    case .integer(32, true): cannotahdf5_native_int32()
    case .integer(64, true): cannotahdf5_native_int64()
    case .float(32): cannotahdf5_native_float()
    case .float(64): cannotahdf5_native_double()
    default: nil
    }
  }
}

/// Bounds that keep a hostile HDF5 file from taking unbounded time or memory.
public struct HDF5Limits: Sendable, Hashable {
  /// The most groups and datasets walked.
  public var maxObjects: Int
  /// The deepest group nesting walked.
  public var maxDepth: Int
  /// The largest slab read at once, in bytes.
  public var maxReadBytes: Int
  /// How long a child process may take to read every object header and attribute before the file is
  /// opened here, in milliseconds; 0 opens without that preflight.
  ///
  /// libhdf5 itself loops forever on some damaged files (FuzzHDF5 found one in its global heap) and
  /// nothing in the calling process can stop a C loop; a child can be killed.
  public var metadataMilliseconds: Int

  /// Creates limits.
  /// - Parameters:
  ///   - maxObjects: the most objects walked.
  ///   - maxDepth: the deepest nesting.
  ///   - maxReadBytes: the largest single read, in bytes.
  ///   - metadataMilliseconds: the preflight's time limit (0: no preflight).
  public init(
    maxObjects: Int = 1_000_000, maxDepth: Int = 64, maxReadBytes: Int = 1 << 31, metadataMilliseconds: Int = 10_000
  ) {
    self.maxObjects = maxObjects
    self.maxDepth = maxDepth
    self.maxReadBytes = maxReadBytes
    self.metadataMilliseconds = metadataMilliseconds
  }
}

/// A numeric dataset held open for repeated reads.
///
/// Closes in `deinit`.
public final class HDF5DatasetReader: @unchecked Sendable {  // the id is only used on the serial HDF5 queue
  fileprivate let file: HDF5File
  fileprivate let id: hid_t
  /// The internal path.
  public let path: String
  /// The shape, slowest axis first.
  public let shape: [Int]
  /// The element type.
  public let type: HDF5ElementType
  fileprivate let width: Int
  fileprivate let memoryType: hid_t
  /// Set when the chunks can be read raw and inflated by the caller's thread.
  let direct: DirectChunkPipeline?
  /// The chunk shape when the dataset is chunked, and whether it is filtered: its chunks' storage is
  /// checked before libhdf5 reads them.
  fileprivate(set) var chunkGuard: (dims: [Int], filtered: Bool)?
  /// Whether this process decodes the chunks itself, on the reading thread (deflate, with or without
  /// shuffle, of little-endian numbers), rather than libhdf5 under its global lock.
  public var decodesChunksHere: Bool { direct != nil }

  fileprivate init(
    file: HDF5File, id: hid_t, path: String, shape: [Int], type: HDF5ElementType, width: Int, memoryType: hid_t,
    direct: DirectChunkPipeline?
  ) {
    self.file = file
    self.id = id
    self.path = path
    self.shape = shape
    self.type = type
    self.width = width
    self.memoryType = memoryType
    self.direct = direct
  }

  /// Every element of the dataset, converted to native byte order, assembled from chunks this thread
  /// decodes where it can (`DirectChunkPipeline`), else read through libhdf5.
  /// - Returns: the elements, row-major, and their type.
  /// - Throws: ``HDF5Error`` for damaged chunks or a dataset over the read limit.
  public func readAll() throws -> (bytes: [UInt8], type: HDF5ElementType) {
    let zeros = [Int](repeating: 0, count: shape.count)
    let total = shape.reduce(width, *)
    guard let direct, !shape.isEmpty, !shape.contains(0), total <= file.limits.maxReadBytes else {
      return try read(start: zeros, count: shape)
    }
    var output = [UInt8](repeating: 0, count: total)
    for batch in chunkBatches() {
      for (start, chunk) in zip(batch, try decodedChunks(at: batch)) {
        let count = (0..<shape.count).map { min(direct.chunk[$0], shape[$0] - start[$0]) }
        if let chunk {
          BoxCopy.copy(chunk, shape: direct.chunk, into: &output, shape: shape, at: start, count: count, width: width)
        } else {
          let bytes = try read(start: start, count: count).bytes
          BoxCopy.copy(bytes, shape: count, into: &output, shape: shape, at: start, count: count, width: width)
        }
      }
    }
    return (output, type)
  }

  /// The chunks that start at `offsets`, their stored bytes read in one visit to the HDF5 queue and
  /// decoded by this thread (inflate, unshuffle): each the whole chunk, including any padding past
  /// the dataset's edge; `nil` for a chunk only libhdf5 can read.
  /// - Throws: ``HDF5Error`` (`.malformed`, with `failedOffset` set) when a stored chunk does not
  ///   inflate to its size.
  func decodedChunks(at offsets: [[Int]]) throws -> [[UInt8]?] {
    guard let direct else { return offsets.map { _ in nil } }
    let expected = direct.chunk.reduce(width, *)
    return try zip(offsets, file.rawChunks(self, at: offsets)).map { offset, raw in
      guard let raw else { return nil }
      guard let inflated = ZlibChunk.inflate(raw, expected: expected) else {
        throw HDF5Error(
          code: .malformed, message: "\(path): the deflate chunk at \(offset) does not decode (damaged data)",
          path: file.path)
      }
      return direct.shuffle ? ZlibChunk.unshuffle(inflated, width: width) : inflated
    }
  }

  /// Chunk start offsets in row-major grid order, in batches whose decoded size stays near 16 MiB and
  /// that hold at most 4 096 chunks.
  ///
  /// Batches are made as they are asked for: a damaged file can claim millions of tiny chunks, and
  /// listing them all at once ran the fuzzer out of memory.
  func chunkBatches() -> UnfoldSequence<[[Int]], [Int]?> {
    guard let direct, !shape.isEmpty, !shape.contains(0) else { return sequence(state: nil) { _ in nil } }
    let grid = zip(shape, direct.chunk).map { ($0 + $1 - 1) / $1 }
    let chunk = direct.chunk
    let perBatch = min(4096, max(1, (16 << 20) / max(1, chunk.reduce(width, *))))
    return sequence(state: Optional([Int](repeating: 0, count: shape.count))) { state in
      guard var index = state else { return nil }
      var batch: [[Int]] = []
      while batch.count < perBatch {
        batch.append(zip(index, chunk).map { $0 * $1 })
        guard GridIndex.advance(&index, within: grid) else {
          state = nil
          return batch
        }
      }
      state = index
      return batch
    }
  }

  deinit { file.close(id) }

  /// Reads a hyperslab, converted to native byte order.
  /// - Parameters:
  ///   - start: the first index on each axis.
  ///   - count: how many elements along each axis.
  /// - Returns: the elements, row-major, and their type.
  /// - Throws: ``HDF5Error`` for out-of-range slabs or damaged chunks.
  public func read(start: [Int], count: [Int]) throws -> (bytes: [UInt8], type: HDF5ElementType) {
    (try file.read(self, start: start, count: count), type)
  }
}

/// The preflight worker's process and pipes; touched only on the HDF5 queue, which serialises it.
nonisolated(unsafe) private var preflightWorker = cannotahdf5_worker(pid: 0, requests: -1, replies: -1)

extension HDF5Limits {
  /// The limits a file uses when none are passed, for the current task and the tasks it starts.
  ///
  /// The built-in ones unless a caller bound others around its work with `$defaults.withValue(_:)`
  /// (`annota`'s `--hdf5-metadata-seconds`, through `ReadLimits`). Scoped, not process-wide.
  @TaskLocal public static var defaults = HDF5Limits()
}
