// SPDX-License-Identifier: Apache-2.0
import AnnotaExport
import AnnotaImport
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

/// Cellpose `_seg.npy` files written by NumPy as Cellpose's `io.masks_flows_to_seg` writes them,
/// read without Python: the masks pixel for pixel; and pickles that name anything but NumPy's
/// array globals refused without running them.
@Suite struct CellposeImportTests {
  /// Writes `_seg.npy` files into `argv[1]`: NumPy's own (protocol 4, uint16 and uint32 masks), and
  /// the same dictionary pickled with protocol 3 and 2 naming `numpy.core` as NumPy 1.x did; prints
  /// each file's masks as JSON (shape and values) for the comparison.
  static let writer = """
    import io, json, pickle, sys
    import numpy as np
    folder = sys.argv[1]
    rng = np.random.default_rng(7)
    out = {}
    def seg(masks, name):
        outlines = (masks * (rng.random(masks.shape) < 0.1)).astype(masks.dtype)
        return {"outlines": outlines, "colors": rng.integers(0, 255, (int(masks.max()), 3)), "masks": masks,
                "chan_choose": [0, 0], "ismanual": np.zeros(int(masks.max()), bool), "filename": f"/data/{name}.tif",
                "flows": [np.zeros((1, *masks.shape, 3), np.uint8), np.zeros(masks.shape, np.uint8)],
                "diameter": np.float64(17.5), "model_path": "cyto3", "flow_threshold": 0.4, "cellprob_threshold": 0.0}
    def npy_header(descr, shape):
        header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, repr(shape))
        header += " " * (63 - (len(header) + 10) % 64) + "\\n"
        return b"\\x93NUMPY\\x01\\x00" + len(header).to_bytes(2, "little") + header.encode("latin1")
    for name, dtype, top in [("u16", np.uint16, 40), ("u32", np.uint32, 70000)]:
        masks = np.zeros((37, 53), dtype)
        for k in range(1, 9):
            y, x = rng.integers(0, 30), rng.integers(0, 45)
            masks[y:y + 6, x:x + 7] = top - k
        np.save(f"{folder}/{name}_seg.npy", seg(masks, name), allow_pickle=True)
        out[name] = {"shape": list(masks.shape), "values": masks.ravel().tolist()}
    masks = np.zeros((20, 30), np.uint16); masks[2:9, 3:12] = 1; masks[10:18, 15:28] = 2
    for protocol in (2, 3):
        body = pickle.dumps(np.asanyarray(seg(masks, "old")), protocol=protocol)
        body = body.replace(b"numpy._core.multiarray", b"numpy.core.multiarray")
        open(f"{folder}/old{protocol}_seg.npy", "wb").write(npy_header("|O", ()) + body)
    out["old"] = {"shape": list(masks.shape), "values": masks.ravel().tolist()}
    print(json.dumps(out))
    """

  private struct Expected: Decodable {
    var shape: [Int]
    var values: [UInt32]
  }

  @Test(.enabled(if: python(with: ["numpy"]) != nil))
  func readsTheMasksNumPyWroteExactly() throws {
    let interpreter = try #require(python(with: ["numpy"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let run = try runProcess(interpreter, ["-c", Self.writer, folder.path])
    try #require(run.status == 0, "\(run.stderr)")
    let expected = try JSONDecoder().decode([String: Expected].self, from: Data(run.stdout.utf8))
    for (file, key) in [("u16", "u16"), ("u32", "u32"), ("old2", "old"), ("old3", "old")] {
      let path = folder.file("\(file)_seg.npy")
      #expect(AnnotationFormats.detected(path)?.id == .cellpose, "\(file)")
      let read = try AnnotationFormats.read(path)
      let image = try #require(read.images.first)
      let truth = try #require(expected[key])
      #expect([image.height, image.width] == truth.shape.map(Optional.init), "\(file)")
      #expect(image.name == "\(key).tif", "\(file): the image named in `filename`")
      // Paint the masks back and compare every pixel.
      var painted = [UInt32](repeating: 0, count: truth.values.count)
      for feature in image.features {
        let mask = try #require(feature.mask)
        guard case .number(let value)? = feature.properties.first(where: { $0.0 == "value" })?.1 else {
          Issue.record("\(file): a mask without its value")
          continue
        }
        for (index, bit) in mask.bits.enumerated() where bit == 1 {
          painted[(index / mask.width + mask.top) * truth.shape[1] + index % mask.width + mask.left] = UInt32(value)
        }
      }
      #expect(painted == truth.values, "\(file)")
      #expect(read.notes.contains { $0.contains("model cyto3") && $0.contains("diameter 17.5") }, "\(read.notes)")
      // Provenance: Cellpose with its settings, the model, and none of the masks drawn by hand.
      #expect(read.producer?.software.name == "Cellpose" && read.producer?.model?.id == "cyto3", "\(file)")
      #expect(read.producer?.software.parameters?.contains("flow_threshold 0.4") == true)
      #expect(read.producer?.origin == .model, "ismanual is all false")
    }
    let converted = folder.file("converted")
    _ = try DatasetExporter.createDataset(from: folder.file("u16_seg.npy"), at: converted)
    let manifest = try #require(ManifestReader.readDraft(contentsOf: converted + "/annota.yaml").manifest)
    let provenance = try #require(manifest.annotationSets.first?.provenance)
    #expect(provenance.origin == .model && provenance.model?.id == "cyto3")
    #expect(provenance.software.map(\.name) == ["annota", "Cellpose"])
  }

  /// A `.npy` object array whose pickle is `payload`.
  private func npy(_ payload: [UInt8], descr: String = "|O", shape: String = "()") -> [UInt8] {
    var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
    header += String(repeating: " ", count: 63 - (header.count + 10) % 64) + "\n"
    return NPYFile.magic + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)] + Array(header.utf8)
      + payload
  }

  @Test func picklesThatNameAnythingElseAreRefusedNotRun() throws {
    let marker = FileManager.default.temporaryDirectory.appendingPathComponent("annota-pwned-\(UUID().uuidString)").path
    let hostile: [[UInt8]] = [
      Array("cos\nsystem\n(S'touch \(marker)'\ntR.".utf8),  // protocol 0 GLOBAL os.system
      [0x80, 0x04] + [0x8C, 8] + Array("builtins".utf8) + [0x8C, 4] + Array("eval".utf8) + [0x93]
        + [0x8C, 5] + Array("1 + 1".utf8) + [0x85, 0x52, 0x2E],  // STACK_GLOBAL builtins.eval
      Array("cnumpy\nload\n.".utf8),  // a NumPy global that is not on the list
      [0x80, 0x04, 0x81, 0x2E],  // NEWOBJ
      [0x80, 0x04, 0x7D, 0x8C, 0x05] + Array("masks".utf8),  // truncated: no STOP
      [0x80, 0x04, 0x4B, 0x01, 0x68, 0x09, 0x2E],  // GET of a memo never PUT
    ]
    for (index, payload) in hostile.enumerated() {
      #expect(throws: NPYFile.Problem.self, "case \(index)") { try NPYFile.read(npy(payload)) }
    }
    #expect(!FileManager.default.fileExists(atPath: marker))
    #expect {
      try NPYFile.read(npy(hostile[0]))
    } throws: { "\($0)".contains("os.system") && "\($0)".contains("never code") }
  }

  /// A long run of APPENDs (or SETITEMs) grows the list in place: read in linear time, not copied
  /// item by item, and over the item limit a clear refusal.
  @Test func longRunsOfAppendsAreReadInPlace() throws {
    func appends(_ count: Int) -> [UInt8] {
      [0x80, 0x02, 0x5D] + Array(Array(repeating: [UInt8]([0x4B, 0x01, 0x61]), count: count).joined()) + [0x2E]
    }
    guard case .list(let items) = try PickleReader.read(appends(200_000)) else {
      Issue.record("not a list")
      return
    }
    #expect(items.count == 200_000)
    let pairs =
      [0x80, 0x02, 0x7D] + Array(Array(repeating: [UInt8]([0x4B, 0x01, 0x4B, 0x02, 0x73]), count: 100_000).joined()) + [
        0x2E
      ]
    guard case .dict(let entries) = try PickleReader.read(pairs) else {
      Issue.record("not a dictionary")
      return
    }
    #expect(entries.count == 100_000)
    #expect { try PickleReader.read(appends(PickleReader.maxItems + 1)) } throws: { "\($0)".contains("over") }
  }

  /// Object arrays that are not a Cellpose dictionary, or whose `masks` is not a label image: each
  /// a clear error saying what is wrong (pickles built by hand, so this always runs).
  @Test func dictionariesWithoutALabelImageAreClearErrors() throws {
    func key(_ name: String) -> [UInt8] { [0x58, UInt8(name.utf8.count), 0, 0, 0] + Array(name.utf8) }
    let cases: [([UInt8], String)] = [
      ([0x80, 0x02, 0x5D, 0x2E], "no dictionary"),  // a list
      ([0x80, 0x02, 0x7D] + key("outlines") + [0x4B, 0x01, 0x73, 0x2E], "no `masks` array"),
      ([0x80, 0x02, 0x7D] + key("masks") + [0x4B, 0x01, 0x73, 0x2E], "no `masks` array"),  // an integer
      ([0x80, 0x02, 0x7D] + key("masks") + [0x4E, 0x73, 0x2E], "no `masks` array"),  // None
    ]
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for (index, (payload, reason)) in cases.enumerated() {
      let path = folder.file("case\(index)_seg.npy")
      try Data(npy(payload)).write(to: URL(fileURLWithPath: path))
      #expect {
        try AnnotationFormats.read(path, format: .cellpose)
      } throws: { "\($0)".contains(reason) }
    }
  }

  /// `masks` arrays NumPy writes that are no label image: floats, negative values, four axes.
  @Test(.enabled(if: python(with: ["numpy"]) != nil))
  func masksThatAreNoLabelImageAreClearErrors() throws {
    let interpreter = try #require(python(with: ["numpy"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let script = """
      import sys
      import numpy as np
      folder = sys.argv[1]
      np.save(f"{folder}/float_seg.npy", {"masks": np.full((4, 5), 1.5, np.float32)}, allow_pickle=True)
      np.save(f"{folder}/negative_seg.npy", {"masks": np.full((4, 5), -1, np.int16)}, allow_pickle=True)
      np.save(f"{folder}/four_seg.npy", {"masks": np.zeros((2, 2, 3, 4), np.uint16)}, allow_pickle=True)
      np.save(f"{folder}/odd_seg.npy", {"masks": np.ones((4, 5), np.uint16), "diameter": "big",
          "filename": 7, "ismanual": "yes", "model_path": None}, allow_pickle=True)
      """
    let run = try runProcess(interpreter, ["-c", script, folder.path])
    try #require(run.status == 0, "\(run.stderr)")
    for (name, reason) in [
      ("float", "not non-negative integer"), ("negative", "not non-negative integer"), ("four", "shape"),
    ] {
      #expect {
        try AnnotationFormats.read(folder.file(name + "_seg.npy"), format: .cellpose)
      } throws: { "\($0)".contains(reason) }
    }
    // Settings of the wrong type are left out, not trusted; the masks still come over.
    let odd = try AnnotationFormats.read(folder.file("odd_seg.npy"), format: .cellpose)
    #expect(odd.images.first?.features.count == 1)
  }

  @Test func aLyingShapeOrHeaderIsAClearError() throws {
    // 10 bytes of data for a 1000×1000 uint16 array.
    #expect {
      try NPYFile.read(npy([UInt8](repeating: 1, count: 10), descr: "<u2", shape: "(1000, 1000)"))
    } throws: { "\($0)".contains("(1000, 1000)") || "\($0)".contains("[1000, 1000]") }
    #expect(throws: NPYFile.Problem.self) { try NPYFile.read(Array("not numpy at all".utf8)) }
    var cut = npy([1, 2, 3, 4])
    cut[8] = 0xFF  // header length past the end
    #expect(throws: NPYFile.Problem.self) { try NPYFile.read(cut) }
    // A plain numeric .npy reads as its array.
    guard case .array(let array) = try NPYFile.read(npy([1, 0, 2, 0, 3, 0], descr: "<u2", shape: "(3,)")) else {
      Issue.record("not an array")
      return
    }
    #expect(array.labelValues() == [1, 2, 3])
  }

  @Test(.enabled(if: Paths.corpus != nil)) func malformedFilesFromTheCorpusAreErrorsNotCrashes() throws {
    if let corpus = Paths.corpus("malformed") {
      for path in Paths.files(in: corpus, suffix: "") {
        _ = try? NPYFile.read(Array(FileManager.default.contents(atPath: path) ?? Data()))
      }
    }
  }
}
