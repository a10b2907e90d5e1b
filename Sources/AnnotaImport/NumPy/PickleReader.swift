// SPDX-License-Identifier: Apache-2.0

/// A pickle reader that only builds values.
///
/// It runs the opcodes of protocols 2–5 that plain containers,
/// numbers, text, bytes and NumPy arrays use, and four NumPy globals (and `_codecs.encode`, which
/// protocol 2 uses for bytes). Every other global, and every opcode that would call or construct
/// something else, is refused — Python's `pickle` can execute code; this reader never does.
///
/// It reads what `np.save(…, allow_pickle=True)` writes for a dictionary such as Cellpose's
/// `_seg.npy` (wave2-formats §7.2), and the protocol-0 text pickles PyTables stores in the attributes
/// of pandas' HDF5 tables (DeepLabCut's column names, wave2-formats §6.5).
public struct PickleReader {
  /// Why a pickle is refused.
  public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The byte offset of the opcode at fault.
    public var offset: Int
    /// `offset N: message`.
    public var description: String { "byte \(offset): \(message)" }
  }

  /// The globals a NumPy pickle names, and what they build.
  private enum Global: Hashable {
    case reconstruct, ndarray, dtype, scalar, encode
  }

  /// A value on the stack while reading: finished values, and the objects NumPy builds in two
  /// steps (created by REDUCE, filled by BUILD).
  private final class Slot {
    enum Content {
      case value(PickleValue)
      case global(Global)
      case dtype(kind: String, bigEndian: Bool)
      case emptyArray
      case mark
    }
    var content: Content
    init(_ content: Content) { self.content = content }
  }

  private let bytes: [UInt8]
  private var position = 0
  private var stack: [Slot] = []
  private var marks: [Int] = []
  private var memo: [Int: Slot] = [:]

  /// The most values on the stack or in the memo (a real file needs a few hundred).
  public static let maxItems = 1 << 20

  /// Reads one pickle.
  /// - Parameter bytes: the pickle, starting at its first opcode.
  /// - Returns: the value it builds.
  /// - Throws: ``Refusal`` for a truncated or malformed pickle, a global outside the list, or an
  ///   opcode this reader does not run.
  public static func read(_ bytes: [UInt8]) throws(Refusal) -> PickleValue {
    var reader = PickleReader(bytes: bytes)
    return try reader.run()
  }

  private init(bytes: [UInt8]) { self.bytes = bytes }

  private mutating func run() throws(Refusal) -> PickleValue {
    while true {
      let start = position
      let opcode = try byte()
      switch opcode {
      case 0x80: _ = try byte()  // PROTO
      case 0x95: _ = try take(8)  // FRAME: its length only helps streaming readers
      case 0x2E:  // STOP
        guard let top = stack.popLast() else { throw Refusal(message: "STOP with an empty stack", offset: start) }
        return try value(top, at: start)
      case 0x28:  // MARK
        marks.append(stack.count)
        try push(.mark, at: start)
      case 0x7D: try push(.value(.dict([])), at: start)  // EMPTY_DICT
      case 0x5D: try push(.value(.list([])), at: start)  // EMPTY_LIST
      case 0x29: try push(.value(.list([])), at: start)  // EMPTY_TUPLE
      case 0x4E: try push(.value(.none), at: start)  // NONE
      // Protocol 0, the text opcodes PyTables' pickled attributes use (pandas' HDF5 tables).
      case 0x6C: try push(.value(.list(try popMark(at: start))), at: start)  // LIST
      case 0x64:  // DICT
        let items = try popMark(at: start)
        guard items.count % 2 == 0 else { throw Refusal(message: "DICT of an odd number of items", offset: start) }
        try push(.value(.dict(stride(from: 0, to: items.count, by: 2).map { (items[$0], items[$0 + 1]) })), at: start)
      case 0x56: try push(.value(.string(unescapedUnicode(try line()))), at: start)  // UNICODE
      case 0x4C, 0x49:  // LONG "12L", INT "12" (I01 and I00 are True and False)
        let text = try line()
        if opcode == 0x49, text == "01" || text == "00" {
          try push(.value(.bool(text == "01")), at: start)
        } else {
          let digits = text.hasSuffix("L") ? String(text.dropLast()) : text
          guard let value = Int(digits) else {
            throw Refusal(message: "an integer \(text) out of range", offset: start)
          }
          try push(.value(.int(value)), at: start)
        }
      case 0x46:  // FLOAT "1.5"
        let text = try line()
        guard let value = Double(text) else {
          throw Refusal(message: "a float \(text) that does not parse", offset: start)
        }
        try push(.value(.float(value)), at: start)
      case 0x53:  // STRING 'text' (a quoted repr)
        let text = try line()
        guard text.count >= 2, let quote = text.first, quote == "'" || quote == "\"", text.last == quote else {
          throw Refusal(message: "a STRING that is not quoted", offset: start)
        }
        try push(.value(.string(String(text.dropFirst().dropLast()))), at: start)
      case 0x88: try push(.value(.bool(true)), at: start)  // NEWTRUE
      case 0x89: try push(.value(.bool(false)), at: start)  // NEWFALSE
      case 0x4B: try push(.value(.int(Int(try byte()))), at: start)  // BININT1
      case 0x4D: try push(.value(.int(Int(try little(2)))), at: start)  // BININT2
      case 0x4A: try push(.value(.int(Int(Int32(truncatingIfNeeded: try little(4))))), at: start)  // BININT
      case 0x8A:  // LONG1
        let count = Int(try byte())
        guard count <= 8 else { throw Refusal(message: "an integer of \(count) bytes is too large", offset: start) }
        let raw = try take(count)
        var value: Int64 = 0
        for (index, byte) in raw.enumerated() { value |= Int64(byte) << (8 * Int64(index)) }
        if count > 0, count < 8, raw[count - 1] & 0x80 != 0 { value -= Int64(1) << (8 * Int64(count)) }
        try push(.value(.int(Int(value))), at: start)
      case 0x47:  // BINFLOAT, big-endian
        var raw: UInt64 = 0
        for byte in try take(8) { raw = raw << 8 | UInt64(byte) }
        try push(.value(.float(Double(bitPattern: raw))), at: start)
      case 0x8C: try push(.value(.string(try text(Int(try byte())))), at: start)  // SHORT_BINUNICODE
      case 0x58: try push(.value(.string(try text(Int(try little(4))))), at: start)  // BINUNICODE
      case 0x8D: try push(.value(.string(try text(try length8()))), at: start)  // BINUNICODE8
      case 0x55: try push(.value(.string(try latin1(Int(try byte())))), at: start)  // SHORT_BINSTRING
      case 0x54: try push(.value(.string(try latin1(Int(try little(4))))), at: start)  // BINSTRING
      case 0x43: try push(.value(.bytes(try take(Int(try byte())))), at: start)  // SHORT_BINBYTES
      case 0x42: try push(.value(.bytes(try take(Int(try little(4))))), at: start)  // BINBYTES
      case 0x8E, 0x96: try push(.value(.bytes(try take(try length8()))), at: start)  // BINBYTES8, BYTEARRAY8
      case 0x85, 0x86, 0x87:  // TUPLE1, TUPLE2, TUPLE3
        let count = Int(opcode - 0x84)
        guard stack.count >= count else { throw Refusal(message: "a tuple of missing items", offset: start) }
        let items = try stack.suffix(count).map { (slot) throws(Refusal) in try value(slot, at: start) }
        stack.removeLast(count)
        try push(.value(.list(items)), at: start)
      case 0x74:  // TUPLE
        let items = try popMark(at: start)
        try push(.value(.list(items)), at: start)
      case 0x61:  // APPEND
        guard let item = stack.popLast() else { throw Refusal(message: "APPEND to nothing", offset: start) }
        try extend(with: [try value(item, at: start)], at: start)
      case 0x65: try extend(with: try popMark(at: start), at: start)  // APPENDS
      case 0x73:  // SETITEM
        guard stack.count >= 3 else { throw Refusal(message: "SETITEM without a key and value", offset: start) }
        let pair = [try value(stack[stack.count - 2], at: start), try value(stack[stack.count - 1], at: start)]
        stack.removeLast(2)
        try setItems(pair, at: start)
      case 0x75: try setItems(try popMark(at: start), at: start)  // SETITEMS
      case 0x63:  // GLOBAL "module\nname\n"
        let module = try line(), name = try line()
        try push(.global(try global(module, name, at: start)), at: start)
      case 0x93:  // STACK_GLOBAL
        guard stack.count >= 2 else { throw Refusal(message: "STACK_GLOBAL without names", offset: start) }
        let (module, name) = (
          try value(stack[stack.count - 2], at: start), try value(stack[stack.count - 1], at: start)
        )
        stack.removeLast(2)
        guard case .string(let m) = module, case .string(let n) = name else {
          throw Refusal(message: "STACK_GLOBAL names are not text", offset: start)
        }
        try push(.global(try global(m, n, at: start)), at: start)
      case 0x52: try reduce(at: start)  // REDUCE
      case 0x62: try build(at: start)  // BUILD
      case 0x94: try memoize(memo.count, at: start)  // MEMOIZE
      case 0x71: try memoize(Int(try byte()), at: start)  // BINPUT
      case 0x72: try memoize(Int(try little(4)), at: start)  // LONG_BINPUT
      case 0x70: try memoize(try decimal(), at: start)  // PUT
      case 0x68: try recall(Int(try byte()), at: start)  // BINGET
      case 0x6A: try recall(Int(try little(4)), at: start)  // LONG_BINGET
      case 0x67: try recall(try decimal(), at: start)  // GET
      default:
        throw Refusal(
          message: "opcode 0x\(String(opcode, radix: 16)) is not one a NumPy data pickle uses; refused", offset: start)
      }
    }
  }

  // MARK: Building

  private func global(_ module: String, _ name: String, at offset: Int) throws(Refusal) -> Global {
    switch (module, name) {
    case ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"): .reconstruct
    case ("numpy", "ndarray"): .ndarray
    case ("numpy", "dtype"): .dtype
    case ("numpy.core.multiarray", "scalar"), ("numpy._core.multiarray", "scalar"): .scalar
    case ("_codecs", "encode"): .encode
    default:
      throw Refusal(
        message: "the pickle names \(module).\(name); only NumPy arrays and plain data are read, never code",
        offset: offset)
    }
  }

  private mutating func reduce(at offset: Int) throws(Refusal) {
    guard stack.count >= 2, case .global(let function) = stack[stack.count - 2].content else {
      throw Refusal(message: "REDUCE of something that is not an allowed NumPy global", offset: offset)
    }
    guard case .list(let arguments) = try value(stack[stack.count - 1], at: offset) else {
      throw Refusal(message: "REDUCE arguments are not a tuple", offset: offset)
    }
    stack.removeLast(2)
    switch function {
    case .reconstruct:
      // _reconstruct(ndarray, (0,), b'b'): an empty array that BUILD fills.
      guard arguments.count == 3, case .type("numpy.ndarray") = arguments[0] else {
        throw Refusal(message: "_reconstruct takes (ndarray, shape, type code)", offset: offset)
      }
      try push(.emptyArray, at: offset)
    case .dtype:
      guard case .string(let descr)? = arguments.first else {
        throw Refusal(message: "dtype needs its type text", offset: offset)
      }
      try push(.dtype(kind: descr, bigEndian: false), at: offset)
    case .scalar:
      // scalar(dtype, bytes): a NumPy scalar such as a float64 diameter.
      guard arguments.count == 2, case .array(let type) = arguments[0], case .bytes(let raw) = arguments[1] else {
        throw Refusal(message: "scalar takes a dtype and bytes", offset: offset)
      }
      try push(
        .value(
          .array(NumPyArray(kind: type.kind, bigEndian: type.bigEndian, shape: [], fortranOrder: false, data: raw))),
        at: offset)
    case .encode:
      // _codecs.encode(text, 'latin1'): protocol 2's bytes.
      guard case .string(let text)? = arguments.first else {
        throw Refusal(message: "_codecs.encode takes text", offset: offset)
      }
      try push(.value(.bytes(text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })), at: offset)
    case .ndarray:
      throw Refusal(message: "ndarray is only an argument of _reconstruct", offset: offset)
    }
  }

  private mutating func build(at offset: Int) throws(Refusal) {
    guard stack.count >= 2 else { throw Refusal(message: "BUILD without an object", offset: offset) }
    let state = try value(stack[stack.count - 1], at: offset)
    stack.removeLast()
    let target = stack[stack.count - 1]
    switch target.content {
    case .dtype(let kind, _):
      // (3, '<' | '>' | '|' | '=', …): the byte order.
      guard case .list(let fields) = state, fields.count >= 2, case .string(let order) = fields[1] else {
        throw Refusal(message: "a dtype state without its byte order", offset: offset)
      }
      target.content = .dtype(kind: kind, bigEndian: order == ">")
    case .emptyArray:
      // (version, shape, dtype, is_fortran, data)
      guard case .list(let fields) = state, fields.count == 5, case .list(let extents) = fields[1],
        case .array(let type) = fields[2], case .bool(let fortran) = fields[3]
      else { throw Refusal(message: "an ndarray state is not (version, shape, dtype, order, data)", offset: offset) }
      var shape: [Int] = []
      for extent in extents {
        guard case .int(let value) = extent, value >= 0 else {
          throw Refusal(message: "an ndarray shape holds a negative or non-integer extent", offset: offset)
        }
        shape.append(value)
      }
      var array = NumPyArray(kind: type.kind, bigEndian: type.bigEndian, shape: shape, fortranOrder: fortran, data: [])
      guard let count = array.count, count <= bytes.count * 8 + 1 else {
        throw Refusal(message: "the ndarray shape \(shape) is larger than the file could hold", offset: offset)
      }
      switch fields[4] {
      case .bytes(let raw):
        guard let size = array.itemSize, raw.count == count * size else {
          throw Refusal(
            message: "the ndarray shape \(shape) of \(type.kind) does not match its \(fields[4].byteCount) data bytes",
            offset: offset)
        }
        array.data = raw
        target.content = .value(.array(array))
      case .list(let items):
        guard type.kind.hasPrefix("O"), items.count == count else {
          throw Refusal(message: "an object array's items do not match its shape \(shape)", offset: offset)
        }
        target.content = .value(.objectArray(shape: shape, items: items))
      default:
        throw Refusal(message: "an ndarray's data is neither bytes nor a list", offset: offset)
      }
    default:
      throw Refusal(message: "BUILD of something that is not a NumPy array or dtype", offset: offset)
    }
  }

  private mutating func extend(with items: [PickleValue], at offset: Int) throws(Refusal) {
    guard let top = stack.last, case .value(.list(var list)) = top.content else {
      throw Refusal(message: "APPEND to something that is not a list", offset: offset)
    }
    top.content = .mark  // the only reference left is `list`: appending does not copy it
    list += items
    guard list.count <= Self.maxItems else {
      throw Refusal(message: "a list of over \(Self.maxItems) items", offset: offset)
    }
    top.content = .value(.list(list))
  }

  private mutating func setItems(_ items: [PickleValue], at offset: Int) throws(Refusal) {
    guard items.count % 2 == 0, let top = stack.last, case .value(.dict(var entries)) = top.content else {
      throw Refusal(message: "SETITEMS on something that is not a dictionary", offset: offset)
    }
    top.content = .mark  // as in extend: no second reference while growing
    for index in stride(from: 0, to: items.count, by: 2) {
      entries.append((items[index], items[index + 1]))
    }
    guard entries.count <= Self.maxItems else {
      throw Refusal(message: "a dictionary of over \(Self.maxItems) items", offset: offset)
    }
    top.content = .value(.dict(entries))
  }

  // MARK: Stack and memo

  private mutating func push(_ content: Slot.Content, at offset: Int) throws(Refusal) {
    guard stack.count < Self.maxItems else {
      throw Refusal(message: "the stack is over \(Self.maxItems) deep", offset: offset)
    }
    stack.append(Slot(content))
  }

  private mutating func popMark(at offset: Int) throws(Refusal) -> [PickleValue] {
    guard let mark = marks.popLast(), mark < stack.count, case .mark = stack[mark].content else {
      throw Refusal(message: "no MARK to collect items from", offset: offset)
    }
    let items = try stack[(mark + 1)...].map { (slot) throws(Refusal) in try value(slot, at: offset) }
    stack.removeSubrange(mark...)
    return items
  }

  private mutating func memoize(_ key: Int, at offset: Int) throws(Refusal) {
    guard let top = stack.last else { throw Refusal(message: "PUT with an empty stack", offset: offset) }
    guard memo.count < Self.maxItems else {
      throw Refusal(message: "a memo of over \(Self.maxItems) items", offset: offset)
    }
    memo[key] = top  // shared: a list filled after PUT is filled in the memo too
  }

  private mutating func recall(_ key: Int, at offset: Int) throws(Refusal) {
    guard let slot = memo[key] else { throw Refusal(message: "GET of memo \(key), never PUT", offset: offset) }
    guard stack.count < Self.maxItems else {
      throw Refusal(message: "the stack is over \(Self.maxItems) deep", offset: offset)
    }
    stack.append(slot)
  }

  private func value(_ slot: Slot, at offset: Int) throws(Refusal) -> PickleValue {
    switch slot.content {
    case .value(let value): return value
    case .dtype(let kind, let bigEndian):
      // A dtype travels as a zero-length array of its type (its kind and byte order are what count).
      let parsed = kind.drop { $0 == "<" || $0 == ">" || $0 == "|" || $0 == "=" }
      return .array(
        NumPyArray(
          kind: String(parsed), bigEndian: bigEndian || kind.hasPrefix(">"), shape: [0], fortranOrder: false, data: []))
    case .global(.ndarray): return .type("numpy.ndarray")
    case .global: throw Refusal(message: "a function used as a value", offset: offset)
    case .emptyArray: throw Refusal(message: "an array that was never built", offset: offset)
    case .mark: throw Refusal(message: "a MARK used as a value", offset: offset)
    }
  }

  // MARK: Bytes

  private mutating func byte() throws(Refusal) -> UInt8 {
    guard position < bytes.count else { throw Refusal(message: "the pickle ends early (no STOP)", offset: position) }
    defer { position += 1 }
    return bytes[position]
  }

  private mutating func take(_ count: Int) throws(Refusal) -> [UInt8] {
    guard count >= 0, count <= bytes.count - position else {
      throw Refusal(message: "a length of \(count) bytes runs past the end of the file", offset: position)
    }
    defer { position += count }
    return Array(bytes[position..<position + count])
  }

  private mutating func little(_ count: Int) throws(Refusal) -> UInt32 {
    try take(count).reversed().reduce(0) { $0 << 8 | UInt32($1) }
  }

  private mutating func length8() throws(Refusal) -> Int {
    let raw = try take(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    guard raw <= UInt64(bytes.count) else {
      throw Refusal(message: "a length of \(raw) bytes runs past the end of the file", offset: position)
    }
    return Int(raw)
  }

  private mutating func text(_ count: Int) throws(Refusal) -> String {
    let raw = try take(count)
    guard let text = String(validating: raw, as: UTF8.self) else {
      throw Refusal(message: "text that is not UTF-8", offset: position)
    }
    return text
  }

  private mutating func latin1(_ count: Int) throws(Refusal) -> String {
    String(String.UnicodeScalarView(try take(count).map { Unicode.Scalar($0) }))
  }

  private mutating func line() throws(Refusal) -> String {
    guard let end = bytes[position...].prefix(256).firstIndex(of: 0x0A) else {
      throw Refusal(message: "a name without its end of line", offset: position)
    }
    defer { position = end + 1 }
    return String(decoding: bytes[position..<end], as: UTF8.self)
  }

  /// Protocol 0's raw-unicode-escape: `\uXXXX` and `\UXXXXXXXX` escapes, everything else as is.
  private func unescapedUnicode(_ text: String) -> String {
    guard text.contains("\\") else { return text }
    var out = ""
    var scalars = Array(text.unicodeScalars)[...]
    while let scalar = scalars.popFirst() {
      if scalar == "\\", let kind = scalars.first, kind == "u" || kind == "U" {
        let length = kind == "u" ? 4 : 8
        let digits = String(String.UnicodeScalarView(scalars.dropFirst().prefix(length)))
        if digits.count == length, let value = UInt32(digits, radix: 16), let decoded = Unicode.Scalar(value) {
          out.unicodeScalars.append(decoded)
          scalars = scalars.dropFirst(length + 1)
          continue
        }
      }
      out.unicodeScalars.append(scalar)
    }
    return out
  }

  private mutating func decimal() throws(Refusal) -> Int {
    let start = position
    guard let value = Int(try line()), value >= 0 else {
      throw Refusal(message: "a memo key that is not a number", offset: start)
    }
    return value
  }
}

extension PickleValue {
  /// The bytes of a bytes value (for messages).
  fileprivate var byteCount: Int { if case .bytes(let raw) = self { raw.count } else { 0 } }
}
