// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel
import AnnotaPackaging
import AnnotaValidation

/// Every rule Annota reports, one catalog (`Specs/annota/0.2/RULES.md`): what SARIF lists and what
/// the rule-catalog test holds against RULES.md.
public enum RuleCatalog {
  /// The families, in the order RULES.md presents them: their id prefix and rules.
  public static let families: [(prefix: String, rules: [Rule])] = [
    ("MANIFEST", ManifestRules.all), ("FILE", FileRules.all), ("MASK", MaskRules.all), ("SHAPE", ShapeRules.all),
    ("ML", MLRules.all), ("MIFA", ProfileRules.all.filter { $0.id.rawValue.hasPrefix("MIFA-") }),
    ("REMBI", ProfileRules.all.filter { $0.id.rawValue.hasPrefix("REMBI-") }),
    ("BIA", ProfileRules.all.filter { $0.id.rawValue.hasPrefix("BIA-") }),
    ("CROISSANT", [CatalogRules.croissantMissing]), ("BIOIMAGEIO", [CatalogRules.bioimageioMissing]),
    ("ZENODO", [CatalogRules.zenodoMissing]), ("DATACITE", [CatalogRules.dataciteMissing]), ("BAG", BagRules.all),
    ("CRATE", CrateRules.all), ("ZIP", ZipRules.all), ("COMPARE", CompareRules.all),
  ]

  /// Every rule.
  public static let all: [Rule] = families.flatMap(\.rules)

  /// The rules of bundles (bags, crates, zips), beside the validator's in a verification report.
  public static let packaging: [Rule] = BagRules.all + CrateRules.all + ZipRules.all
}
