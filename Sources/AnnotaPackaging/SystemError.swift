// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#endif

/// A failed system call's `errno`, kept as a value (a ``PackError``'s cause) rather than text.
public struct SystemError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The `errno` value.
  public var errno: Int32

  /// Creates the error for an `errno` value.
  /// - Parameter errno: the value.
  public init(errno: Int32) { self.errno = errno }

  /// The error of the call that just failed on this thread.
  public static var current: SystemError { SystemError(errno: Glibc.errno) }

  /// The system's text for it (`strerror`), for example "No space left on device".
  public var description: String { String(cString: strerror(errno)) }
}
