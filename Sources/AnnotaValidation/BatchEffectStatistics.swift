// SPDX-License-Identifier: Apache-2.0
public import AnnotaMetrics

/// What the batch-effect rule (`ML-006`) compares and when it calls a difference real: shared by the
/// rule and by the report's panels, so the page marks exactly what the rule reports.
public enum BatchEffectStatistics {
  /// A statistic of an image, with the words findings and plots use.
  public struct Statistic: Sendable {
    /// Its name, such as `mean intensity`.
    public var name: String
    /// Its value for an image's statistics, if it has one.
    public var value: @Sendable (ImageStatistics) -> Double?
  }

  /// D at or above which a difference is large: half of one group's images would have to move to
  /// match the other's distribution.
  public static let effectSize = 0.5
  /// p below which a difference is not chance.
  public static let significance = 0.01
  /// Groups with fewer measured images are not compared (the test has no power below).
  public static let minimumImages = 5

  /// The statistics compared, in the order findings list them.
  public static let all: [Statistic] = [
    Statistic(name: "mean intensity", value: { $0.mean }),
    Statistic(name: "1st-percentile intensity", value: { $0.p1 }),
    Statistic(name: "median intensity", value: { $0.p50 }),
    Statistic(name: "99th-percentile intensity", value: { $0.p99 }),
    Statistic(name: "intensity spread (standard deviation)", value: { $0.standardDeviation }),
    Statistic(name: "signal to noise", value: { $0.signalToNoise }),
    Statistic(name: "focus (variance of the Laplacian)", value: { $0.focus }),
  ]
}
