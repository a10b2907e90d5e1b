// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A `.npy` file (NumPy format 1.0–3.0): the magic, a header naming the element type, order and
/// shape, then the data — raw elements, or for object arrays (`|O`) a pickle (``PickleReader``).
public enum NPYFile {
  /// Why a `.npy` file is refused.
  public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The message.
    public var description: String { message }
  }

  /// The magic bytes every `.npy` file starts with.
  public static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

  /// Reads a `.npy` file's array.
  /// - Parameter bytes: the whole file.
  /// - Returns: a numeric array, or the value an object array's pickle builds.
  /// - Throws: ``Problem`` for a file that is not `.npy`, a header that does not parse, a shape the
  ///   data does not fill (a lying shape), or a pickle ``PickleReader`` refuses.
  public static func read(_ bytes: [UInt8]) throws(Problem) -> PickleValue {
    guard bytes.count >= 10, Array(bytes.prefix(6)) == magic else {
      throw Problem(message: "not a .npy file (no \\x93NUMPY magic)")
    }
    let major = bytes[6]
    guard (1...3).contains(major) else { throw Problem(message: "NPY format version \(major) is not 1, 2 or 3") }
    let lengthBytes = major == 1 ? 2 : 4
    guard bytes.count >= 8 + lengthBytes else { throw Problem(message: "the header is cut short") }
    let headerLength = bytes[8..<8 + lengthBytes].reversed().reduce(0) { $0 << 8 | Int($1) }
    let dataStart = 8 + lengthBytes + headerLength
    guard headerLength <= 1 << 20, dataStart <= bytes.count else {
      throw Problem(message: "the header length \(headerLength) runs past the end of the file")
    }
    let header = String(decoding: bytes[(8 + lengthBytes)..<dataStart], as: UTF8.self)
    guard let descr = quoted(after: "'descr':", in: header) else { throw Problem(message: "the header has no 'descr'") }
    let fortran = header.range(of: "'fortran_order': True") != nil
    guard let shape = shape(in: header) else { throw Problem(message: "the header has no readable 'shape'") }
    let kind = String(descr.drop { "<>|=".contains($0) })
    var array = NumPyArray(kind: kind, bigEndian: descr.hasPrefix(">"), shape: shape, fortranOrder: fortran, data: [])
    let payload = Array(bytes[dataStart...])
    if kind == "O" {
      do {
        let value = try PickleReader.read(payload)
        // np.save pickles the array itself; a 0-d object array holds one value (Cellpose's dict).
        if case .objectArray(let objectShape, let items) = value, objectShape.isEmpty, items.count == 1 {
          return items[0]
        }
        return value
      } catch {
        throw Problem(message: "the pickle is refused: \(error)")
      }
    }
    guard let size = array.itemSize else { throw Problem(message: "element type \(descr) is not a number type") }
    guard let count = array.count, count.multipliedReportingOverflow(by: size).overflow == false,
      count * size == payload.count
    else {
      throw Problem(message: "the shape \(shape) of \(descr) needs other than the \(payload.count) data bytes present")
    }
    array.data = payload
    return .array(array)
  }

  /// The text in quotes after `key`.
  private static func quoted(after key: String, in header: String) -> String? {
    guard let range = header.range(of: key) else { return nil }
    let rest = header[range.upperBound...].drop { $0 == " " }
    guard let quote = rest.first, quote == "'" || quote == "\"" else { return nil }
    let body = rest.dropFirst()
    guard let end = body.firstIndex(of: quote) else { return nil }
    return String(body[..<end])
  }

  /// The `'shape': (a, b, …)` tuple.
  private static func shape(in header: String) -> [Int]? {
    guard let range = header.range(of: "'shape':") else { return nil }
    let rest = header[range.upperBound...].drop { $0 == " " }
    guard rest.first == "(", let end = rest.firstIndex(of: ")") else { return nil }
    var extents: [Int] = []
    for part in rest[rest.index(after: rest.startIndex)..<end].split(separator: ",") {
      let trimmed = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "L", with: "")
      if trimmed.isEmpty { continue }
      guard let value = Int(trimmed), value >= 0 else { return nil }
      extents.append(value)
    }
    return extents
  }
}
