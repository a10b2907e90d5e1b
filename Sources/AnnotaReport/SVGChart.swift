// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaMetrics
import AnnotaModel
import Foundation

/// Charts as inline SVG, so the page needs no plotting library.
///
/// Bars, histograms on a log scale, grouped bars and distributions side by side. Each chart has a
/// title for screen readers; the page puts its numbers in a table beside it.
enum SVGChart {
  /// One bar or series.
  struct Series {
    /// Its name.
    var name: String
    /// Its colour.
    var colour: LabelOverlay.Colour
    /// Its values.
    var values: [Double]
  }

  static let width = 640.0
  private static let left = 170.0
  private static let right = 24.0

  /// Horizontal bars, one per item.
  static func bars(_ items: [(label: String, value: Double)], title: String, unit: String) -> String {
    let rowHeight = 22.0
    let height = Double(items.count) * rowHeight + 40
    let largest = max(1, items.map(\.value).max() ?? 1)
    var body = ""
    for (row, item) in items.enumerated() {
      let y = 10 + Double(row) * rowHeight
      let length = (width - left - right - 60) * item.value / largest
      let colour = ShapeSVG.hex(CardPicture.okabeIto[row % CardPicture.okabeIto.count])
      body +=
        "<text x=\"\(n(left - 6))\" y=\"\(n(y + 14))\" text-anchor=\"end\">\(clip(item.label))</text>"
        + "<rect x=\"\(n(left))\" y=\"\(n(y + 3))\" width=\"\(n(max(length, item.value > 0 ? 1 : 0)))\" height=\"15\" fill=\"\(colour)\"><title>\(esc(item.label)): \(n(item.value)) \(esc(unit))</title></rect>"
        + "<text x=\"\(n(left + length + 4))\" y=\"\(n(y + 14))\">\(n(item.value))</text>"
    }
    return svg(title: title, height: height, body: body)
  }

  /// Histograms of several series on a shared, logarithmic x axis (sizes spanning decades).
  static func logHistogram(_ series: [Series], title: String, unit: String) -> String {
    let positive = series.flatMap(\.values).filter { $0 > 0 }
    guard let low = positive.min(), let high = positive.max() else {
      return svg(title: title, height: 40, body: "<text x=\"10\" y=\"24\">no values</text>")
    }
    let lo = log10(low).rounded(.down)
    let hi = max(lo + 1, log10(high).rounded(.up))
    let bins = 30
    let plotHeight = 160.0
    let x0 = 50.0
    let plotWidth = width - x0 - right
    var counts = series.map { _ in [Int](repeating: 0, count: bins) }
    for (s, item) in series.enumerated() {
      for value in item.values where value > 0 {
        let bin = min(bins - 1, Int((log10(value) - lo) / (hi - lo) * Double(bins)))
        counts[s][max(0, bin)] += 1
      }
    }
    let largest = Double(max(1, counts.flatMap { $0 }.max() ?? 1))
    var body = axisX(x0: x0, y: plotHeight + 10, plotWidth: plotWidth, lo: lo, hi: hi, unit: unit)
    for (s, item) in series.enumerated() {
      var d = "M\(n(x0)) \(n(plotHeight + 10))"
      for bin in 0..<bins {
        let xa = x0 + plotWidth * Double(bin) / Double(bins)
        let xb = x0 + plotWidth * Double(bin + 1) / Double(bins)
        let y = plotHeight + 10 - plotHeight * Double(counts[s][bin]) / largest
        d += "L\(n(xa)) \(n(y))L\(n(xb)) \(n(y))"
      }
      d += "L\(n(x0 + plotWidth)) \(n(plotHeight + 10))"
      body +=
        "<path d=\"\(d)\" fill=\"\(ShapeSVG.hex(item.colour))\" fill-opacity=\"0.25\" stroke=\"\(ShapeSVG.hex(item.colour))\"><title>\(esc(item.name)): \(item.values.count) values</title></path>"
    }
    body += legend(series.map { ($0.name, $0.colour) }, y: plotHeight + 52)
    return svg(title: title, height: plotHeight + 60 + 18 * Double((series.count + 2) / 3), body: body)
  }

  /// Distributions side by side: per group a box (quartiles, median) with whiskers (5th–95th
  /// percentiles) and up to 400 of its values as dots, on a shared linear axis.
  static func distributions(_ groups: [Series], title: String, unit: String) -> String {
    let all = groups.flatMap(\.values).filter(\.isFinite)
    guard var lo = all.min(), var hi = all.max() else {
      return svg(title: title, height: 40, body: "<text x=\"10\" y=\"24\">no values</text>")
    }
    if hi == lo { (lo, hi) = (lo - 1, hi + 1) }
    let rowHeight = 34.0
    let x0 = left
    let plotWidth = width - x0 - right
    func x(_ value: Double) -> Double { x0 + plotWidth * (value - lo) / (hi - lo) }
    var body = ""
    for (row, group) in groups.enumerated() {
      let values = group.values.filter(\.isFinite).sorted()
      let y = 10 + Double(row) * rowHeight
      let colour = ShapeSVG.hex(group.colour)
      body +=
        "<text x=\"\(n(x0 - 6))\" y=\"\(n(y + 18))\" text-anchor=\"end\">\(clip(group.name)) (\(values.count))</text>"
      guard !values.isEmpty else { continue }
      func q(_ p: Double) -> Double { Percentile.numpy(values, p * 100) }
      // Quartiles of fewer than 5 values say little: the dots alone are drawn.
      if values.count >= 5 {
        body +=
          "<line x1=\"\(n(x(q(0.05))))\" x2=\"\(n(x(q(0.95))))\" y1=\"\(n(y + 14))\" y2=\"\(n(y + 14))\" stroke=\"\(colour)\"/>"
          + "<rect x=\"\(n(x(q(0.25))))\" y=\"\(n(y + 6))\" width=\"\(n(max(1, x(q(0.75)) - x(q(0.25)))))\" height=\"16\" fill=\"\(colour)\" fill-opacity=\"0.3\" stroke=\"\(colour)\"><title>\(esc(group.name)): median \(n(q(0.5))), quartiles \(n(q(0.25)))–\(n(q(0.75))) \(esc(unit))</title></rect>"
          + "<line x1=\"\(n(x(q(0.5))))\" x2=\"\(n(x(q(0.5))))\" y1=\"\(n(y + 4))\" y2=\"\(n(y + 24))\" stroke=\"#000\" stroke-width=\"2\"/>"
      }
      let step = max(1, values.count / 400)
      for (k, value) in values.enumerated() where k % step == 0 {
        let jitter = Double((k * 7919) % 13) - 6
        body += "<circle cx=\"\(n(x(value)))\" cy=\"\(n(y + 14 + jitter))\" r=\"1.5\" fill=\"\(colour)\"/>"
      }
    }
    let axisY = 14 + Double(groups.count) * rowHeight
    body += "<line x1=\"\(n(x0))\" x2=\"\(n(x0 + plotWidth))\" y1=\"\(n(axisY))\" y2=\"\(n(axisY))\" stroke=\"#555\"/>"
    for value in niceTicks(lo, hi) {
      body +=
        "<line x1=\"\(n(x(value)))\" x2=\"\(n(x(value)))\" y1=\"\(n(axisY))\" y2=\"\(n(axisY + 4))\" stroke=\"#555\"/>"
        + "<text x=\"\(n(x(value)))\" y=\"\(n(axisY + 16))\" text-anchor=\"middle\">\(short(value))</text>"
    }
    body += "<text x=\"\(n(x0 + plotWidth))\" y=\"\(n(axisY + 32))\" text-anchor=\"end\">\(esc(unit))</text>"
    return svg(title: title, height: axisY + 40, body: body)
  }

  /// Bars grouped by category, one colour per series (split × class counts).
  static func groupedBars(categories: [String], series: [Series], title: String) -> String {
    let groupHeight = Double(max(1, series.count)) * 14 + 10
    let largest = max(1, series.flatMap(\.values).max() ?? 1)
    var body = ""
    for (c, category) in categories.enumerated() {
      let y = 10 + Double(c) * groupHeight
      body += "<text x=\"\(n(left - 6))\" y=\"\(n(y + groupHeight / 2))\" text-anchor=\"end\">\(clip(category))</text>"
      for (s, item) in series.enumerated() {
        let value = c < item.values.count ? item.values[c] : 0
        let length = (width - left - right - 60) * value / largest
        let barY = y + Double(s) * 14
        body +=
          "<rect x=\"\(n(left))\" y=\"\(n(barY))\" width=\"\(n(max(length, value > 0 ? 1 : 0)))\" height=\"12\" fill=\"\(ShapeSVG.hex(item.colour))\"><title>\(esc(category)), \(esc(item.name)): \(n(value))</title></rect>"
          + "<text x=\"\(n(left + length + 4))\" y=\"\(n(barY + 10))\" font-size=\"10\">\(n(value))</text>"
      }
    }
    let height = 20 + Double(categories.count) * groupHeight
    body += legend(series.map { ($0.name, $0.colour) }, y: height + 4)
    return svg(title: title, height: height + 12 + 18 * Double((series.count + 2) / 3), body: body)
  }

  private static func axisX(x0: Double, y: Double, plotWidth: Double, lo: Double, hi: Double, unit: String) -> String {
    var out = "<line x1=\"\(n(x0))\" x2=\"\(n(x0 + plotWidth))\" y1=\"\(n(y))\" y2=\"\(n(y))\" stroke=\"#555\"/>"
    var decade = lo
    while decade <= hi {
      let x = x0 + plotWidth * (decade - lo) / (hi - lo)
      out +=
        "<line x1=\"\(n(x))\" x2=\"\(n(x))\" y1=\"\(n(y))\" y2=\"\(n(y + 4))\" stroke=\"#555\"/><text x=\"\(n(x))\" y=\"\(n(y + 17))\" text-anchor=\"middle\">\(short(pow(10, decade)))</text>"
      decade += 1
    }
    out += "<text x=\"\(n(x0 + plotWidth))\" y=\"\(n(y + 32))\" text-anchor=\"end\">\(esc(unit)) (log scale)</text>"
    return out
  }

  private static func legend(_ entries: [(String, LabelOverlay.Colour)], y: Double) -> String {
    var out = ""
    for (k, entry) in entries.enumerated() {
      let x = 10 + Double(k % 3) * 205
      let rowY = y + Double(k / 3) * 18
      out +=
        "<rect x=\"\(n(x))\" y=\"\(n(rowY))\" width=\"12\" height=\"12\" fill=\"\(ShapeSVG.hex(entry.1))\"/><text x=\"\(n(x + 16))\" y=\"\(n(rowY + 11))\">\(clip(entry.0, 28))</text>"
    }
    return out
  }

  private static func svg(title: String, height: Double, body: String) -> String {
    "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\"><title>\(esc(title))</title>\(body)</svg>"
  }

  /// Round tick values (1, 2 or 5 times a power of ten apart) between `lo` and `hi`, about five.
  static func niceTicks(_ lo: Double, _ hi: Double) -> [Double] {
    guard hi > lo, (hi - lo).isFinite else { return [lo] }
    let rough = (hi - lo) / 4
    let power = pow(10, (log10(rough)).rounded(.down))
    let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
    var ticks: [Double] = []
    var value = (lo / step).rounded(.up) * step
    while value <= hi + step * 1e-9, ticks.count < 12 {
      ticks.append(abs(value) < step * 1e-9 ? 0 : value)
      value += step
    }
    return ticks
  }

  /// A number for an axis: 12, 1.5k, 3M.
  static func short(_ value: Double) -> String {
    let magnitude = abs(value)
    if magnitude >= 1e6 { return n(value / 1e6) + "M" }
    if magnitude >= 1e4 { return n((value / 1e3).rounded()) + "k" }
    return n(value)
  }

  private static func n(_ value: Double) -> String { ShapeSVG.number(value) }
  private static func esc(_ text: String) -> String { MarkupEscape.text(text) }
  private static func clip(_ text: String, _ length: Int = 26) -> String {
    esc(text.count > length ? String(text.prefix(length - 1)) + "…" : text)
  }
}
