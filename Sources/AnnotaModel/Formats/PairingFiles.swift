// SPDX-License-Identifier: Apache-2.0

extension Pairing {
  /// The files a pairing rule pairs (SPEC §7): each path its annotation pattern matches, with the
  /// image path its image pattern fills in from the match (`nil` when it cannot).
  /// - Parameter paths: the dataset's files, relative to its folder.
  /// - Returns: the matching files in the order given, each with its image's path.
  public func pairs(among paths: [String]) -> [(annotation: String, image: String?)] {
    let annotations = PathPattern(self.annotations)
    let images = PathPattern(self.images)
    return paths.compactMap { path in
      guard let bindings = annotations.match(path) else { return nil }
      return (path, images.fill(bindings))
    }
  }
}
