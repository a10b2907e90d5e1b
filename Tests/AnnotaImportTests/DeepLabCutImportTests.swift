// SPDX-License-Identifier: Apache-2.0
import AnnotaExport
import AnnotaImport
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

/// DeepLabCut labelled data read with libhdf5 and without pandas: the real project in the corpus
/// (PyTables table format and its CSV twin), and files pandas writes as DeepLabCut does (fixed and
/// table, single- and multi-animal, rows as paths and as a MultiIndex), value for value.
@Suite struct DeepLabCutImportTests {
  /// Every keypoint as `image|individual|bodypart` → (x, y) in DeepLabCut's own coordinates.
  static func points(_ annotations: ForeignAnnotations) -> [String: [Double]] {
    var out: [String: [Double]] = [:]
    for image in annotations.images {
      for feature in image.features {
        guard case .object(let geometry) = feature.geometry,
          case .array(let position)? = geometry.first(where: { $0.0 == "coordinates" })?.1,
          case .number(let x) = position[0], case .number(let y) = position[1]
        else { continue }
        let individual: String =
          if case .string(let name)? = feature.properties.first(where: { $0.0 == "individual" })?.1 { name } else { "" }
        let bodypart: String =
          if case .string(let name)? = feature.properties.first(where: { $0.0 == "bodypart" })?.1 { name } else { "" }
        out["\(image.name)|\(individual)|\(bodypart)"] = [x - 0.5, y - 0.5]
      }
    }
    return out
  }

  @Test(.enabled(if: Paths.corpus("deeplabcut") != nil))
  func theRealProjectReadsItsFourHundredSixtySixValuesFromBothFiles() throws {
    let folder = try #require(Paths.corpus("deeplabcut/Reaching-Mackenzie-2018-08-30/labeled-data/reachingvideo1"))
    let h5 = folder + "/CollectedData_Mackenzie.h5"
    let csv = folder + "/CollectedData_Mackenzie.csv"
    #expect(AnnotationFormats.detected(h5)?.id == .deepLabCut)
    #expect(AnnotationFormats.detected(csv)?.id == .deepLabCut)
    let fromH5 = try AnnotationFormats.read(h5)
    let fromCSV = try AnnotationFormats.read(csv)
    let (a, b) = (Self.points(fromH5), Self.points(fromCSV))
    #expect(a.count * 2 == 466, "466 values: \(a.count) points")
    #expect(a == b, "the .h5 and its CSV twin hold the same values")
    #expect(fromH5.images.count == 55)
    // Exactly the CSV's text: the first labelled Hand.
    #expect(a["labeled-data/reachingvideo1/img005.png||Hand"] == [185.25173502386923, 610.3622760638572])
    #expect(fromH5.keypoints?.bodyparts == ["Hand", "Finger1", "Tongue", "Joystick1", "Joystick2"])
    #expect(fromH5.keypoints?.skeleton == [["Hand", "Finger1"], ["Joystick1", "Joystick2"]])
  }

  @Test(.enabled(if: Paths.corpus("deeplabcut") != nil))
  func convertedKeypointsVerifyAndCarryTheirSchema() throws {
    let h5 = try #require(
      Paths.corpus(
        "deeplabcut/Reaching-Mackenzie-2018-08-30/labeled-data/reachingvideo1/CollectedData_Mackenzie.h5"))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let verified = try annota(["convert", h5, "--to", "geojson", folder.file("dlc.geojson"), "--verify"])
    #expect(verified.status == 0 && verified.stdout.contains("verified: all 233 shape(s)"), "\(verified.stdout)")
    _ = try DatasetExporter.createDataset(from: h5, at: folder.file("dataset"))
    let manifest = try #require(ManifestReader.readDraft(contentsOf: folder.file("dataset/annota.yaml")).manifest)
    let set = try #require(manifest.annotationSets.first { $0.keypoints != nil })
    #expect(set.keypoints?.skeleton == [["Hand", "Finger1"], ["Joystick1", "Joystick2"]])
    #expect(set.types.contains(.pointAnnotations) && set.id == "CollectedData_Mackenzie")
  }

  /// Writes DeepLabCut files with pandas + PyTables as DeepLabCut does, and prints their values.
  static let writer = """
    import json, sys
    import numpy as np, pandas as pd
    folder = sys.argv[1]
    rng = np.random.default_rng(11)
    out = {}
    def frame(multi, rows_multi):
        parts = ["snout", "leftear", "tailbase"]
        if multi:
            cols = [("Jane", ind, bp, c) for ind in ["mouse1", "mouse2"] for bp in parts for c in "xy"]
            cols += [("Jane", "single", "led", c) for c in "xy"]
            columns = pd.MultiIndex.from_tuples(cols, names=["scorer", "individuals", "bodyparts", "coords"])
        else:
            columns = pd.MultiIndex.from_product([["Jane"], parts, ["x", "y"]], names=["scorer", "bodyparts", "coords"])
        images = [f"img{i:03d}.png" for i in range(5)]
        if rows_multi:
            index = pd.MultiIndex.from_tuples([("labeled-data", "vid1", n) for n in images])
        else:
            index = [f"labeled-data/vid1/{n}" for n in images]
        values = rng.uniform(0, 640, (len(images), len(columns)))
        values[rng.random(values.shape) < 0.2] = np.nan
        values[:, 1::2] = np.where(np.isnan(values[:, 0::2]), np.nan, values[:, 1::2])
        values[:, 0::2] = np.where(np.isnan(values[:, 1::2]), np.nan, values[:, 0::2])
        return pd.DataFrame(values, index=index, columns=columns)
    cases = {"fixed_single": (False, True, "fixed", "df_with_missing"), "table_single": (False, False, "table", "keypoints"),
             "fixed_multi": (True, True, "fixed", "keypoints"), "table_multi": (True, False, "table", "df_with_missing"),
             "fixed_paths": (False, False, "fixed", "df_with_missing")}
    for name, (multi, rows_multi, fmt, key) in cases.items():
        df = frame(multi, rows_multi)
        df.to_hdf(f"{folder}/CollectedData_{name}.h5", key=key, format=fmt, mode="w")
        df.to_csv(f"{folder}/CollectedData_{name}.csv")
        points = {}
        for row, series in df.iterrows():
            image = "/".join(row) if isinstance(row, tuple) else row
            for col in df.columns:
                if col[-1] != "x" or np.isnan(series[col]): continue
                ind = col[1] if multi and col[1] != "single" else ""
                y = col[:-1] + ("y",)
                points[f"{image}|{ind}|{col[-2]}"] = [series[col], series[y]]
        out[name] = points
    print(json.dumps(out))
    """

  @Test(.enabled(if: python(with: ["pandas", "tables"]) != nil))
  func filesPandasWritesAsDeepLabCutDoesReadValueForValue() throws {
    let interpreter = try #require(python(with: ["pandas", "tables"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let run = try runProcess(interpreter, ["-c", Self.writer, folder.path])
    try #require(run.status == 0, "\(run.stderr)")
    let expected = try JSONDecoder().decode([String: [String: [Double]]].self, from: Data(run.stdout.utf8))
    for (name, points) in expected.sorted(by: { $0.key < $1.key }) {
      for suffix in ["h5", "csv"] {
        let path = folder.file("CollectedData_\(name).\(suffix)")
        #expect(AnnotationFormats.detected(path)?.id == .deepLabCut, "\(name).\(suffix)")
        let read = try AnnotationFormats.read(path)
        #expect(Self.points(read) == points, "\(name).\(suffix)")
        if name.hasSuffix("multi") {
          #expect(read.keypoints?.individuals == ["mouse1", "mouse2"] && read.keypoints?.uniqueBodyparts == ["led"])
        }
      }
    }
  }

  /// A damaged corpus file that crashes libhdf5 is refused, not a crash.
  ///
  /// Fuzzing (FuzzDeepLabCut) found 20 changed bytes of the corpus file that crash libhdf5 in
  /// `H5Aopen_by_idx` once the table's type has been read. A damaged sibling stopped the metadata
  /// preflight's `H5Ovisit` before it reached the table; the preflight now walks every group's
  /// links itself and reads attributes in the order `HDF5File.dataset` does, so its child crashes
  /// instead of this process.
  @Test(.enabled(if: Paths.corpus("deeplabcut") != nil))
  func aDamagedAttributeTableIsRefusedNotACrash() throws {
    let source = try #require(
      Paths.corpusBytes(
        "deeplabcut/Reaching-Mackenzie-2018-08-30/labeled-data/reachingvideo1/CollectedData_Mackenzie.h5"))
    var bytes = source
    let changes: [(Int, UInt8)] = [
      (4240, 0), (4242, 1), (9600, 36), (17757, 32), (19221, 122), (22267, 8), (56589, 79), (56590, 112),
      (56591, 116), (56592, 105), (56593, 111), (56594, 110), (56595, 97), (56596, 108), (76777, 5), (76778, 0),
      (79967, 253), (79968, 255), (79969, 255), (79970, 2),
    ]
    for (offset, value) in changes { bytes[offset] = value }
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("CollectedData_fuzz.h5")
    try FileManagerShimData.write(bytes, to: path)
    #expect(throws: (any Error).self) { try AnnotationFormats.read(path, format: .deepLabCut) }
  }

  @Test func brokenFilesAreClearErrors() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let cases: [(String, String)] = [
      ("scorer,Jane,Jane\nbodyparts,a,a\ncoords,x,y\nimg1.png,1,2,3\n", "cells"),
      ("scorer,Jane,Jane\nbodyparts,a,a\ncoords,x,y\nimg1.png,one,2\n", "not a number"),
      ("scorer,Jane,Jane\nwhat,a,a\ncoords,x,y\n", "header rows"),
    ]
    for (index, (text, reason)) in cases.enumerated() {
      let path = try folder.write(text, to: "CollectedData_\(index).csv")
      #expect { try AnnotationFormats.read(path, format: .deepLabCut) } throws: { "\($0)".contains(reason) }
    }
  }

  /// The project's `config.yaml` beside the labelled data: broken or hostile YAML is an error that
  /// names it; lists of the wrong shape are not trusted, and the columns' names are used instead.
  @Test func aBrokenOrHostileConfigIsAClearErrorAndOddListsAreIgnored() throws {
    let csv = "scorer,Jane,Jane\nbodyparts,nose,nose\ncoords,x,y\nlabeled-data/v1/img1.png,1.5,2.5\n"
    let cases: [(config: String, error: String?)] = [
      ("bodyparts: [nose\nskeleton: {\n", "not valid YAML"),
      // Aliases would let a small file expand without bound: refused.
      ("a: &a [x, x]\nb: &b [*a, *a]\nbodyparts: *b\n", "not valid YAML"),
      ("\u{0}\u{1}\u{2}binary", "not valid YAML"),
      ("bodyparts: {nose: 1}\nskeleton: [[nose], [nose, tail, ear], 7]\nmultianimalproject: maybe\n", nil),
      ("- just\n- a list\n", nil),
    ]
    for (index, item) in cases.enumerated() {
      let folder = try TemporaryFolder()
      defer { folder.remove() }
      try folder.write(item.config, to: "project/config.yaml")
      let path = try folder.write(csv, to: "project/labeled-data/v1/CollectedData_Jane.csv")
      if let error = item.error {
        #expect {
          try AnnotationFormats.read(path, format: .deepLabCut)
        } throws: { "\($0)".contains(error) && "\($0)".contains("config.yaml") }
      } else {
        let read = try AnnotationFormats.read(path, format: .deepLabCut)
        #expect(read.keypoints?.bodyparts == ["nose"], "case \(index): the columns' body parts")
        #expect(read.keypoints?.skeleton.isEmpty == true, "case \(index): no edge of the wrong shape")
        #expect(Self.points(read).count == 1)
      }
    }
  }

  @Test(.enabled(if: python(with: ["pandas", "tables", "h5py"]) != nil))
  func absurdShapesAndOtherPandasObjectsAreRefused() throws {
    let interpreter = try #require(python(with: ["pandas", "tables", "h5py"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let script = """
      import sys, numpy as np, pandas as pd, h5py
      folder = sys.argv[1]
      pd.Series([1.0, 2.0]).to_hdf(f"{folder}/series.h5", key="df_with_missing", format="fixed", mode="w")
      cols = pd.MultiIndex.from_product([["J"], ["a"], ["x", "y"]], names=["scorer", "bodyparts", "coords"])
      pd.DataFrame(np.ones((2, 2)), index=["i1.png", "i2.png"], columns=cols).to_hdf(f"{folder}/lying.h5", key="k", format="fixed", mode="w")
      with h5py.File(f"{folder}/lying.h5", "a") as f:
          del f["k/block0_values"]
          f["k/block0_values"] = np.ones((1000, 3))
      """
    let run = try runProcess(interpreter, ["-c", script, folder.path])
    try #require(run.status == 0, "\(run.stderr)")
    #expect { try AnnotationFormats.read(folder.file("series.h5"), format: .deepLabCut) } throws: {
      "\($0)".contains("not a DataFrame") || "\($0)".contains("levels")
    }
    #expect { try AnnotationFormats.read(folder.file("lying.h5"), format: .deepLabCut) } throws: {
      "\($0)".contains("block0_values")
    }
  }
}
