// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaXML2
import Synchronization

/// libxml2's process-wide setup: initialised once, with an external-entity loader that refuses all.
public enum XMLLibrary {
  /// How many times libxml2 asked to load an external resource (always refused).
  private static let refusedLoads = Atomic<Int>(0)

  /// Runs once: `xmlInitParser` and the deny-all loader.
  ///
  /// `xmlCleanupParser` is never called.
  static let setUp: Void = {
    xmlInitParser()
    xmlSetExternalEntityLoader { _, _, _ in
      XMLLibrary.refusedLoads.add(1, ordering: .relaxed)
      return nil
    }
  }()

  /// The libxml2 version, for example "2.9.14".
  public static var version: String {
    _ = setUp
    return String(cString: cannotaxml2_version())
  }

  /// The number of external loads refused since the process started; tests expect it to stay put.
  public static var refusedExternalLoads: Int { refusedLoads.load(ordering: .relaxed) }
}
