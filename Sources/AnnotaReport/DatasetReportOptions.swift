// SPDX-License-Identifier: Apache-2.0
public import AnnotaImport
public import AnnotaValidation

extension DatasetReport {
  /// What `annota report` draws, and how much of it.
  public struct Options: Sendable {
    /// Image cards in the gallery at most: images with findings first, then an even sample per split.
    public var maxImages = 200
    /// Thumbnails' longest side in pixels.
    public var thumbnailSide = 192
    /// How a Z-stack becomes the plane shown.
    public var projection: DisplayPlane.Projection = .middle
    /// An `annota compare --format json` result to show (per-image F1, outlines), if any.
    public var comparison: String?
    /// Profiles checked besides `core` (the report states their completeness).
    public var profiles: Set<DatasetValidator.Profile> = [.mifa, .rembi, .ml]
    /// Files read at once (0: the number of cores).
    public var width = 0
    /// Findings listed one by one at most (the rest counted): a report stays readable at any size.
    public var maxFindings = 2_000

    /// Creates the defaults.
    public init() {}
  }
}
