// SPDX-License-Identifier: Apache-2.0

/// A catalog a dataset is described in (`annota export --to`, `annota validate --profile`); an open
/// vocabulary.
public struct CatalogTarget: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  /// The target's name as `--to` and `--profile` take it.
  public var rawValue: String
  /// Creates a target from its name.
  /// - Parameter rawValue: e.g. `croissant`.
  public init(rawValue: String) { self.rawValue = rawValue }

  /// Croissant 1.1 JSON-LD with the RAI 1.0 extension (MLCommons; read by Hugging Face, Kaggle, OpenML).
  public static var croissant: Self { Self(rawValue: "croissant") }
  /// A bioimage.io dataset description (`rdf.yaml`, format 0.3.4) with its README and cover.
  public static var bioimageio: Self { Self(rawValue: "bioimageio") }
  /// Zenodo's deposit `metadata` object, which is also `.zenodo.json`.
  public static var zenodo: Self { Self(rawValue: "zenodo") }
  /// DataCite Metadata Schema 4.5 JSON.
  public static var datacite: Self { Self(rawValue: "datacite") }

  /// Every target Annota writes, in the order the publishing guide uses them.
  public static var all: [Self] { [.zenodo, .datacite, .bioimageio, .croissant] }

  /// The target's name.
  public var description: String { rawValue }
}
