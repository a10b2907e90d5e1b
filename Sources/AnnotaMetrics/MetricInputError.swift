// SPDX-License-Identifier: Apache-2.0

/// Input a metric cannot be computed from: paired sequences of different lengths, points of different
/// dimensions, a parameter out of range, a label outside the given label set, or ratings whose subjects
/// were rated by different numbers of raters.
///
/// The shape of `AnnotaModel/TableError`: a code compared with `==` and a message saying what to fix.
/// Data that merely makes a ratio undefined (no samples, one class only) is not an error: each metric
/// documents the value it gives then.
public struct MetricInputError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable {
      case lengthMismatch, dimensionMismatch, invalidParameter, unknownLabel, unevenRaters
    }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// Two sequences that must pair up element by element have different lengths, or the rows of a
    /// table have different widths.
    public static var lengthMismatch: Self { Self(.lengthMismatch) }
    /// Points have different numbers of coordinates, or a per-axis scale has the wrong number of axes.
    public static var dimensionMismatch: Self { Self(.dimensionMismatch) }
    /// A parameter is out of its range: a negative or NaN cutoff, a scale that is not a positive
    /// finite number, a label or category listed twice, a negative count.
    public static var invalidParameter: Self { Self(.invalidParameter) }
    /// A value is not among the labels (or categories) the caller listed.
    public static var unknownLabel: Self { Self(.unknownLabel) }
    /// The subjects were not all rated by the same number of raters, or by fewer than two.
    public static var unevenRaters: Self { Self(.unevenRaters) }

    /// A short name of the code.
    public var description: String { String(describing: wrapped) }
  }

  /// The kind of failure.
  public var code: Code
  /// What is wrong, naming the offending index or value.
  public var message: String

  /// Creates an error value.
  /// - Parameters:
  ///   - code: the kind of failure.
  ///   - message: what is wrong.
  public init(code: Code, message: String) {
    self.code = code
    self.message = message
  }

  /// `code: message`.
  public var description: String { "\(code): \(message)" }
}
