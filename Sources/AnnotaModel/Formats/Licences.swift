// SPDX-License-Identifier: Apache-2.0

/// Licences a dataset may carry: SPDX ids used for data and code, and the BioImage Archive's 24
/// licence URLs, with the mapping between them that the packer uses.
public enum Licences {
  /// The BIA's licence URLs (its `Licence` enumeration), keyed by the SPDX id they denote.
  public static let biaURLs: [(spdx: String, url: String)] = {
    var list: [(String, String)] = [("CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/")]
    for version in ["1.0", "2.0", "2.5", "3.0", "4.0"] {
      list.append(("CC-BY-\(version)", "https://creativecommons.org/licenses/by/\(version)/"))
    }
    for version in ["1.0", "2.0", "2.5", "3.0", "4.0"] {
      list.append(("CC-BY-SA-\(version)", "https://creativecommons.org/licenses/by-sa/\(version)/"))
    }
    list.append(("CC-BY-SA-2.1-JP", "https://creativecommons.org/licenses/by-sa/2.1/jp/"))
    for version in ["1.0", "2.0", "2.5", "3.0", "4.0"] {
      list.append(("CC-BY-NC-\(version)", "https://creativecommons.org/licenses/by-nc/\(version)/"))
    }
    for version in ["1.0", "2.0", "2.5", "3.0", "4.0"] {
      list.append(("CC-BY-NC-SA-\(version)", "https://creativecommons.org/licenses/by-nc-sa/\(version)/"))
    }
    list.append(("CC-BY-NC-ND-4.0", "https://creativecommons.org/licenses/by-nc-nd/4.0/"))
    list.append(("MIT", "https://opensource.org/licenses/MIT"))
    return list
  }()

  /// SPDX ids accepted beyond those the BIA lists: other Creative Commons versions and common
  /// open data and software licences.
  public static let otherSPDX: [String] = [
    "CC-BY-ND-4.0", "CC-BY-NC-ND-3.0", "CC-BY-ND-3.0", "CC-PDDC", "PDDL-1.0", "ODC-By-1.0",
    "ODbL-1.0", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "GPL-3.0-only",
    "GPL-3.0-or-later", "LGPL-3.0-only", "MPL-2.0", "Unlicense", "CDLA-Permissive-2.0",
    "CDLA-Sharing-1.0",
  ]

  /// Every accepted SPDX id.
  public static let spdxIDs: [String] = biaURLs.map(\.spdx) + otherSPDX

  /// Whether `text` is an accepted licence: a known SPDX id or one of the BIA's URLs (with or
  /// without the trailing slash).
  /// - Parameter text: the value as written.
  /// - Returns: `true` when accepted.
  public static func isAccepted(_ text: String) -> Bool {
    spdxIDs.contains(text) || acceptedURLs.contains(text)
  }

  /// The BIA's licence URLs as written, and without their trailing slash.
  public static var acceptedURLs: [String] {
    biaURLs.flatMap { [$0.url, $0.url.hasSuffix("/") ? String($0.url.dropLast()) : $0.url + "/"] }
  }

  /// The BIA licence URL for an SPDX id or an accepted URL, or `nil` when the BIA does not accept it.
  /// - Parameter licence: an SPDX id or URL.
  /// - Returns: the URL the BIA expects.
  public static func biaURL(for licence: String) -> String? {
    biaURLs.first { entry in
      entry.spdx == licence || entry.url == licence || entry.url == licence + "/"
        || entry.url + "/" == licence
    }?.url
  }
}
