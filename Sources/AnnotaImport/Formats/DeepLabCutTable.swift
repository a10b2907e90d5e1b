// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import Foundation

/// DeepLabCut's labelled-data DataFrame as stored on disk (wave2-formats §6.2–§6.5): its columns
/// (scorer, [individual,] body part, coordinate) and one row of values per image.
///
/// Read from the CSV twin, or from the `.h5` in either pandas layout — `fixed` (codes into sorted
/// level arrays, one float block) or PyTables `table` (a compound dataset whose column names exist
/// only in protocol-0 pickled attributes, read with ``PickleReader``) — with libhdf5, no pandas.
struct DeepLabCutTable: Sendable {
  /// One column: its labels from the outermost level in.
  struct Column: Sendable, Hashable {
    var scorer: String
    var individual: String?
    var bodypart: String
    var coordinate: String
  }

  var columns: [Column]
  /// Rows: the image path (`labeled-data/<video>/img.png`) and its values (NaN: not labelled).
  var rows: [(image: String, values: [Double])]

  /// The most rows or columns read (a labelled-data file has hundreds; absurd shapes are refused).
  static let maxCells = 50_000_000

  // MARK: CSV

  /// Reads the CSV twin: 3 (or 4, multi-animal) header rows, then one row per image with 1 or 3
  /// index cells.
  static func csv(_ bytes: [UInt8], path: String) throws(ForeignFormatError) -> DeepLabCutTable {
    let lines = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map {
        String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\"\r "))
      }
    }
    guard lines.count >= 3, lines[0].first == "scorer" else {
      throw ForeignFormatError(path: path, message: "the first row is not `scorer,…`: not a DeepLabCut CSV")
    }
    let multi = lines[1].first == "individuals"
    let headerCount = multi ? 4 : 3
    guard lines.count >= headerCount, lines[headerCount - 2].first == "bodyparts",
      lines[headerCount - 1].first == "coords"
    else {
      throw ForeignFormatError(path: path, message: "the header rows are not scorer, [individuals,] bodyparts, coords")
    }
    // The index has one cell (a path) or three (labeled-data, video, image): empty header cells after the first.
    let indexCells = 1 + lines[0].dropFirst().prefix { $0.isEmpty }.count
    let width = lines[0].count
    guard width > indexCells, lines.prefix(headerCount).allSatisfy({ $0.count == width }) else {
      throw ForeignFormatError(path: path, message: "the header rows have different numbers of cells")
    }
    var columns: [Column] = []
    for cell in indexCells..<width {
      columns.append(
        Column(
          scorer: lines[0][cell], individual: multi ? lines[1][cell] : nil, bodypart: lines[headerCount - 2][cell],
          coordinate: lines[headerCount - 1][cell]))
    }
    var rows: [(image: String, values: [Double])] = []
    for (number, line) in lines.dropFirst(headerCount).enumerated() where !(line.count == 1 && line[0].isEmpty) {
      guard line.count == width else {
        throw ForeignFormatError(
          path: path, message: "row \(number + headerCount + 1) has \(line.count) cells, the header \(width)")
      }
      var values: [Double] = []
      for cell in line[indexCells...] {
        if cell.isEmpty || cell == "NaN" || cell == "nan" {
          values.append(.nan)
        } else if let value = Double(cell), value.isFinite {
          values.append(value)
        } else {
          throw ForeignFormatError(
            path: path, message: "row \(number + headerCount + 1): \"\(cell.prefix(20))\" is not a number")
        }
      }
      rows.append((line[0..<indexCells].joined(separator: "/"), values))
    }
    return DeepLabCutTable(columns: columns, rows: rows)
  }

  // MARK: HDF5

  /// Reads the `.h5`: the one pandas object in the file (key `df_with_missing`, `keypoints` or other).
  static func hdf5(path: String) throws(ForeignFormatError) -> DeepLabCutTable {
    do {
      let file = try HDF5File(path: path)
      var key: String?
      var kind = ""
      for name in try file.rootMemberNames() {
        if let type = try? file.attributes(of: "/" + name)["pandas_type"]?.string {
          key = name
          kind = type
          break
        }
      }
      guard let key else {
        throw ForeignFormatError(path: path, message: "no pandas object in the file: not DeepLabCut labelled data")
      }
      switch kind {
      case "frame_table": return try table(file, key: key, path: path)
      case "frame": return try fixed(file, key: key, path: path)
      default:
        throw ForeignFormatError(path: path, message: "a pandas \(kind), not a DataFrame: not DeepLabCut labelled data")
      }
    } catch let error as ForeignFormatError {
      throw error
    } catch {
      throw ForeignFormatError(path: path, message: "cannot read the HDF5 file: \(error)")
    }
  }

  /// `format="table"`: the compound `table` and the pickled column list.
  private static func table(_ file: HDF5File, key: String, path: String) throws -> DeepLabCutTable {
    let data = try file.readTable("/\(key)/table")
    guard let values = data.numbers["values_block_0"] else {
      throw ForeignFormatError(path: path, message: "the table has no values_block_0 (more than one block?)")
    }
    let names: [String]
    if let strings = data.strings["index"] {
      names = strings
    } else if let numbers = data.numbers["index"] {
      names = numbers.map { String(Int($0.first ?? 0)) }
    } else {
      throw ForeignFormatError(path: path, message: "the table's rows are not indexed by one `index` field")
    }
    // The column labels exist only as pickled text: the block's kind list, else non_index_axes.
    let tableAttributes = try file.attributes(of: "/\(key)/table")
    let groupAttributes = try file.attributes(of: "/\(key)")
    var tuples: [PickleValue] = []
    if let text = tableAttributes["values_block_0_kind"]?.string,
      case .list(let items) = try PickleReader.read(Array(text.utf8))
    {
      tuples = items
    } else if let text = groupAttributes["non_index_axes"]?.string,
      case .list(let axes) = try PickleReader.read(Array(text.utf8)), case .list(let axis)? = axes.first,
      axis.count == 2, case .list(let items) = axis[1]
    {
      tuples = items
    }
    let columns = try tuples.map { (tuple) throws(ForeignFormatError) -> Column in
      guard case .list(let parts) = tuple, parts.count == 3 || parts.count == 4,
        let texts = Optional(parts.compactMap(\.text)), texts.count == parts.count
      else { throw ForeignFormatError(path: path, message: "a column label is not 3 or 4 names") }
      return texts.count == 4
        ? Column(scorer: texts[0], individual: texts[1], bodypart: texts[2], coordinate: texts[3])
        : Column(scorer: texts[0], individual: nil, bodypart: texts[1], coordinate: texts[2])
    }
    guard !columns.isEmpty, values.allSatisfy({ $0.count == columns.count }) else {
      throw ForeignFormatError(
        path: path, message: "\(columns.count) column labels for rows of \(values.first?.count ?? 0) values")
    }
    return DeepLabCutTable(columns: columns, rows: Array(zip(names, values)))
  }

  /// `format="fixed"`: level arrays, integer codes into them, and one float block.
  private static func fixed(_ file: HDF5File, key: String, path: String) throws -> DeepLabCutTable {
    let group = "/\(key)"
    let attributes = try file.attributes(of: group)
    // Column labels: the block's own item index when it is there, else the frame's columns.
    let prefix = (try? file.dataset("\(group)/block0_items_level0")) != nil ? "block0_items" : "axis0"
    let levels = Int(attributes["\(prefix == "axis0" ? "axis0" : "block0_items")_nlevels"]?.doubles?.first ?? 0)
    guard levels == 3 || levels == 4 else {
      throw ForeignFormatError(path: path, message: "columns of \(levels) levels; DeepLabCut's have 3 or 4")
    }
    var labels: [[String]] = []
    for level in 0..<levels {
      let names = try file.readStrings("\(group)/\(prefix)_level\(level)")
      let codes = try integers(file, "\(group)/\(prefix)_label\(level)")
      // Names are rebuilt from the codes, never from the sorted level arrays' order.
      labels.append(
        try codes.map { (code) throws(ForeignFormatError) -> String in
          guard code >= 0, code < names.count else {
            throw ForeignFormatError(path: path, message: "a column code \(code) outside its \(names.count) names")
          }
          return names[code]
        })
    }
    let count = labels[0].count
    guard labels.allSatisfy({ $0.count == count }), count > 0 else {
      throw ForeignFormatError(path: path, message: "the column levels have different lengths")
    }
    let columns = (0..<count).map { index in
      levels == 4
        ? Column(
          scorer: labels[0][index], individual: labels[1][index], bodypart: labels[2][index],
          coordinate: labels[3][index])
        : Column(scorer: labels[0][index], individual: nil, bodypart: labels[1][index], coordinate: labels[2][index])
    }
    // Rows: a path per row, or a MultiIndex of (labeled-data, video, image).
    var names: [String] = []
    if (try? file.dataset("\(group)/axis1")) != nil {
      names = try file.readStrings("\(group)/axis1")
    } else {
      let rowLevels = Int(attributes["axis1_nlevels"]?.doubles?.first ?? 0)
      guard rowLevels >= 1, rowLevels <= 8 else {
        throw ForeignFormatError(path: path, message: "the row index has \(rowLevels) levels")
      }
      var parts: [[String]] = []
      for level in 0..<rowLevels {
        let levelNames = try file.readStrings("\(group)/axis1_level\(level)")
        let codes = try integers(file, "\(group)/axis1_label\(level)")
        parts.append(codes.map { $0 >= 0 && $0 < levelNames.count ? levelNames[$0] : "" })
      }
      names = (0..<(parts.first?.count ?? 0)).map { row in parts.map { $0[row] }.joined(separator: "/") }
    }
    let block = try file.dataset("\(group)/block0_values")
    guard block.shape.count == 2, block.shape[0] == names.count, block.shape[1] == count,
      block.shape[0] * block.shape[1] <= maxCells
    else {
      throw ForeignFormatError(
        path: path, message: "block0_values is \(block.shape), not \(names.count) rows × \(count) columns")
    }
    let (bytes, type) = try file.read("\(group)/block0_values", start: [0, 0], count: block.shape)
    guard case .float(64) = type else {
      throw ForeignFormatError(path: path, message: "block0_values holds \(type), not float64 coordinates")
    }
    let values = bytes.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
    return DeepLabCutTable(
      columns: columns,
      rows: names.enumerated().map { ($0.element, Array(values[$0.offset * count..<($0.offset + 1) * count])) })
  }

  /// A 1-D integer dataset's values.
  private static func integers(_ file: HDF5File, _ dataset: String) throws -> [Int] {
    let info = try file.dataset(dataset)
    guard info.shape.count == 1, info.shape[0] <= maxCells else {
      throw ForeignFormatError(path: dataset, message: "\(dataset) is not a 1-D list of codes")
    }
    let (bytes, type) = try file.read(dataset, start: [0], count: info.shape)
    return bytes.withUnsafeBytes { raw -> [Int] in
      switch type {
      case .integer(8, true): raw.bindMemory(to: Int8.self).map(Int.init)
      case .integer(16, true): raw.bindMemory(to: Int16.self).map(Int.init)
      case .integer(32, true): raw.bindMemory(to: Int32.self).map(Int.init)
      case .integer(64, true): raw.bindMemory(to: Int64.self).map { Int($0) }
      case .integer(8, false): raw.bindMemory(to: UInt8.self).map(Int.init)
      case .integer(16, false): raw.bindMemory(to: UInt16.self).map(Int.init)
      case .integer(32, false): raw.bindMemory(to: UInt32.self).map(Int.init)
      default: []
      }
    }
  }
}
