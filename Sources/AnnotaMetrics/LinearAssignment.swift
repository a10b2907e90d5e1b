// SPDX-License-Identifier: Apache-2.0

/// The minimum-cost assignment of rows to columns of a cost matrix (the Hungarian method, with
/// potentials and shortest augmenting paths): what `scipy.optimize.linear_sum_assignment` solves, and
/// what StarDist and Cellpose match objects with.
public enum LinearAssignment {
  /// One assigned row and column.
  public struct Pair: Sendable, Hashable {
    /// The row index.
    public var row: Int
    /// The column index.
    public var column: Int
  }

  /// Assigns `min(rows, columns)` rows to distinct columns at the least total cost.
  /// - Parameters:
  ///   - cost: row-major costs, `rows × columns` finite numbers.
  ///   - rows: the number of rows.
  ///   - columns: the number of columns.
  /// - Returns: the assigned pairs, by row.
  public static func solve(_ cost: [Double], rows: Int, columns: Int) -> [Pair] {
    precondition(cost.count == rows * columns, "a \(rows) × \(columns) matrix needs \(rows * columns) costs")
    guard rows > 0, columns > 0 else { return [] }
    // The method below wants no more rows than columns: solve the transpose otherwise.
    if rows > columns {
      var transposed = [Double](repeating: 0, count: cost.count)
      for row in 0..<rows {
        for column in 0..<columns { transposed[column * rows + row] = cost[row * columns + column] }
      }
      return solve(transposed, rows: columns, columns: rows).map { Pair(row: $0.column, column: $0.row) }
        .sorted { $0.row < $1.row }
    }
    let n = rows
    let m = columns
    // 1-based potentials and matching, index 0 a sentinel column (the classic formulation).
    var u = [Double](repeating: 0, count: n + 1)
    var v = [Double](repeating: 0, count: m + 1)
    var owner = [Int](repeating: 0, count: m + 1)
    var way = [Int](repeating: 0, count: m + 1)
    for row in 1...n {
      owner[0] = row
      var column0 = 0
      var minimum = [Double](repeating: .infinity, count: m + 1)
      var used = [Bool](repeating: false, count: m + 1)
      repeat {
        used[column0] = true
        let row0 = owner[column0]
        var delta = Double.infinity
        var column1 = 0
        for column in 1...m where !used[column] {
          let reduced = cost[(row0 - 1) * m + (column - 1)] - u[row0] - v[column]
          if reduced < minimum[column] {
            minimum[column] = reduced
            way[column] = column0
          }
          if minimum[column] < delta {
            delta = minimum[column]
            column1 = column
          }
        }
        for column in 0...m {
          if used[column] {
            u[owner[column]] += delta
            v[column] -= delta
          } else {
            minimum[column] -= delta
          }
        }
        column0 = column1
      } while owner[column0] != 0
      repeat {
        let column1 = way[column0]
        owner[column0] = owner[column1]
        column0 = column1
      } while column0 != 0
    }
    var pairs: [Pair] = []
    for column in 1...m where owner[column] != 0 { pairs.append(Pair(row: owner[column] - 1, column: column - 1)) }
    return pairs.sorted { $0.row < $1.row }
  }
}
