// SPDX-License-Identifier: Apache-2.0
import AnnotaMetrics
import AnnotaModel
import Foundation

/// How a facts cache entry holds a file's facts: what most files have as one line of tab-separated
/// fields, read without a JSON decoder (a warm run reads one entry per file, and decoding JSON cost
/// it more than a quarter of its time); facts with reasons, findings or counts by name as JSON.
enum FactsCodec {
  /// The entry body for `facts`, or `nil` when they do not encode.
  static func encode(_ facts: FileFacts) -> Data? {
    guard let line = line(facts) else {
      return (try? FileFacts.jsonEncoder().encode(facts)).map { Data("J".utf8) + $0 }
    }
    return Data(line.utf8)
  }

  /// The facts an entry body holds, or `nil` when it is not one this codec wrote.
  static func decode(_ body: Data) -> FileFacts? {
    guard let kind = body.first else { return nil }
    if kind == UInt8(ascii: "J") {
      return try? FileFacts.jsonDecoder().decode(FileFacts.self, from: body.dropFirst())
    }
    guard kind == UInt8(ascii: "T") else { return nil }
    let fields = body.split(separator: 0x09, omittingEmptySubsequences: false).map {
      String(decoding: $0, as: UTF8.self)
    }
    guard fields.count == 20, let size = Int(fields[1]) else { return nil }
    var facts = FileFacts()
    facts.size = size
    facts.sha256 = optional(fields[2])
    facts.format = optional(fields[3]).map { FormatID(rawValue: $0) }
    facts.dtype = optional(fields[4])
    if let shape = optional(fields[5]) {
      let values = shape.split(separator: ",").compactMap { Int($0) }
      guard values.count == shape.split(separator: ",").count else { return nil }
      facts.shape = values
    }
    if let sizes = optional(fields[6]) {
      facts.pixelSize = sizes.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
    }
    let counts = [7, 8, 9, 10, 11, 12, 14, 15, 16, 17].compactMap { Int(fields[$0]) }
    guard counts.count == 10 else { return nil }
    facts.isLabelImage = counts[0] == 1
    facts.labelCount = counts[1]
    facts.foregroundPixels = counts[2]
    facts.backgroundPixels = counts[3]
    facts.planeCount = counts[4]
    facts.splitInstanceCount = counts[5]
    facts.sizeC = counts[6]
    facts.sizeT = counts[7]
    facts.samples = counts[8]
    facts.pagesAxisGuessed = counts[9] == 1
    if let splits = optional(fields[13]) {
      for split in splits.split(separator: ";") {
        let parts = split.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 8, let value = Int(parts[0]), let count = Int(parts[1]), let x = Int(parts[2]),
          let y = Int(parts[3])
        else { return nil }
        var instance = SplitInstance(value: value, parts: count, x: x, y: y, plane: nil, volume: parts[7] == "1")
        if let z = Int(parts[4]), let c = Int(parts[5]), let t = Int(parts[6]) { instance.plane = (z, c, t) }
        facts.splitInstances.append(instance)
      }
    }
    if let labels = optional(fields[18]) {
      var values: [Int128: Int] = [:]
      for pair in labels.split(separator: ",") {
        let sides = pair.split(separator: ":")
        guard sides.count == 2, let value = Int128(sides[0]), let count = Int(sides[1]) else { return nil }
        values[value] = count
      }
      facts.labels = values
    }
    if let statistics = optional(fields[19]) {
      let values = statistics.split(separator: ",").map { $0 == "-" ? nil : Double($0) }
      guard values.count == 8, let mean = values[0], let deviation = values[1], let p1 = values[2],
        let p50 = values[3], let p99 = values[4], let noise = values[5], let focus = values[7]
      else { return nil }
      facts.imageStatistics = ImageStatistics(
        mean: mean, standardDeviation: deviation, p1: p1, p50: p50, p99: p99, noise: noise,
        signalToNoise: values[6], focus: focus)
    }
    return facts
  }

  /// The facts as one `T` line, or `nil` when they hold what only JSON says well (reasons, findings,
  /// counts by name, text with tabs).
  private static func line(_ facts: FileFacts) -> String? {
    guard facts.failure == nil, facts.unsupported == nil, facts.connectivityUnchecked == nil,
      facts.findings.isEmpty, facts.unchecked.isEmpty, facts.labelCounts.isEmpty,
      [facts.sha256, facts.format?.rawValue, facts.dtype].allSatisfy({ text in
        text.map { !$0.isEmpty && $0 != "-" && !$0.contains(where: { $0 == "\t" || $0 == "\n" }) } ?? true
      })
    else { return nil }
    func text(_ value: String?) -> String { value ?? "-" }
    let pixelSize =
      facts.pixelSize.allSatisfy { $0 == nil }
      ? "-" : facts.pixelSize.map { $0.map { "\($0)" } ?? "" }.joined(separator: ",")
    let splits =
      facts.splitInstances.isEmpty
      ? "-"
      : facts.splitInstances.map { split in
        let plane = split.plane.map { "\($0.z),\($0.c),\($0.t)" } ?? "-,-,-"
        return "\(split.value),\(split.parts),\(split.x),\(split.y),\(plane),\(split.volume ? 1 : 0)"
      }.joined(separator: ";")
    let labels = facts.labels.map { labels in
      labels.keys.sorted().map { "\($0):\(labels[$0]!)" }.joined(separator: ",")
    }
    let statistics = facts.imageStatistics.map { s in
      [s.mean, s.standardDeviation, s.p1, s.p50, s.p99, s.noise].map { "\($0)" }.joined(separator: ",")
        + ",\(s.signalToNoise.map { "\($0)" } ?? "-"),\(s.focus)"
    }
    let fields: [String] = [
      "T", "\(facts.size)", text(facts.sha256), text(facts.format?.rawValue), text(facts.dtype),
      facts.shape.map { $0.map(String.init).joined(separator: ",") } ?? "-", pixelSize,
      facts.isLabelImage ? "1" : "0", "\(facts.labelCount)", "\(facts.foregroundPixels)",
      "\(facts.backgroundPixels)", "\(facts.planeCount)", "\(facts.splitInstanceCount)", splits, "\(facts.sizeC)",
      "\(facts.sizeT)", "\(facts.samples)", facts.pagesAxisGuessed ? "1" : "0", labels ?? "-", statistics ?? "-",
    ]
    return fields.joined(separator: "\t")
  }

  private static func optional(_ field: String) -> String? { field == "-" ? nil : field }
}
