// SPDX-License-Identifier: Apache-2.0

/// What a layout writer wrote.
struct LayoutSummary: Sendable {
  /// Images per split, by the layout's split names.
  var images: [String: Int] = [:]
  /// Objects (boxes, polygons, masks) or labelled images written.
  var objects = 0
  /// What a person should know (conversions, things left out).
  var notes: [String] = []
}
