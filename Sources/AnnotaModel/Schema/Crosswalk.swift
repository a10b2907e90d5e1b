// SPDX-License-Identifier: Apache-2.0

/// Where a field goes in the community standards: a MIFA slot, a REMBI field, a BIA RO-Crate term.
///
/// `nil` means the standard has no place for it; SPEC.md says so and says how the packer carries
/// it.
public struct Crosswalk: Sendable, Hashable {
  /// The MIFA slot (BIA's LinkML implementation), for example `Annotations.annotation_type`.
  public var mifa: String?
  /// The REMBI field (v1.5 as implemented by the BIA), for example `Biosample.organism`.
  public var rembi: String?
  /// The BIA RO-Crate profile term (bia-ro-crate-validator 0.3.1), for example `bia:Study` `name`.
  public var bia: String?

  /// Creates a crosswalk entry.
  /// - Parameters:
  ///   - mifa: the MIFA slot, if any.
  ///   - rembi: the REMBI field, if any.
  ///   - bia: the BIA RO-Crate term, if any.
  public init(mifa: String? = nil, rembi: String? = nil, bia: String? = nil) {
    self.mifa = mifa
    self.rembi = rembi
    self.bia = bia
  }
}
