// SPDX-License-Identifier: Apache-2.0

/// NumPy's sum of a contiguous float32 array, operation for operation.
///
/// `np.sum` on float32 adds in float32 by pairwise summation (NumPy's `pairwise_sum`: fewer than 8
/// values in a row, up to 128 with eight interleaved partial sums, more split in two at a multiple of
/// 8), starting from the identity 0. Reproducing its order is what makes a reference
/// implementation's float32 numbers reproducible to the last digit.
public enum SinglePrecisionSum {
  /// The sum NumPy gives for `np.sum(np.array(values, np.float32))`.
  /// - Parameter values: the values, in array order.
  /// - Returns: their float32 sum.
  public static func pairwise(_ values: [Float]) -> Float {
    values.withUnsafeBufferPointer { 0 + block($0[...]) }
  }

  /// NumPy's blocking on one slice.
  private static func block(_ values: Slice<UnsafeBufferPointer<Float>>) -> Float {
    let count = values.count
    let start = values.startIndex
    if count < 8 {
      var sum: Float = 0
      for value in values { sum += value }
      return sum
    }
    if count <= 128 {
      var partial = (0..<8).map { values[start + $0] }
      var index = 8
      while index < count - count % 8 {
        for lane in 0..<8 { partial[lane] += values[start + index + lane] }
        index += 8
      }
      var sum =
        ((partial[0] + partial[1]) + (partial[2] + partial[3]))
        + ((partial[4] + partial[5]) + (partial[6] + partial[7]))
      while index < count {
        sum += values[start + index]
        index += 1
      }
      return sum
    }
    var half = count / 2
    half -= half % 8
    return block(values[start..<start + half]) + block(values[(start + half)...])
  }
}
