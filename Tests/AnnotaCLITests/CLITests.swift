// SPDX-License-Identifier: Apache-2.0
import AnnotaCLI
import AnnotaModel
import AnnotaTestSupport
import ArgumentParser
import Foundation
import Testing

@Suite("annota command line")
struct CLITests {
  static var binary: String { AnnotaBinary.path }

  @Test func versionNamesToolkitAndStandard() throws {
    let output = try annota("--version")
    #expect(output.status == 0)
    #expect(output.stdout == "annota \(AnnotaVersion.toolkit) (Annota standard \(AnnotaSpec.version))\n")
  }

  @Test func helpListsOnlyWorkingCommands() throws {
    let output = try annota("--help")
    #expect(output.status == 0)
    let commands = output.stdout.split(separator: "\n", omittingEmptySubsequences: false)
      .drop { !$0.hasPrefix("SUBCOMMANDS:") }.dropFirst()
      .prefix { !$0.isEmpty }
      .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
      .compactMap { $0.split(separator: " ").first.map(String.init) }
    #expect(
      commands == [
        "summary", "inspect", "import", "detect", "convert", "init", "status", "validate", "report", "compare",
        "export",
        "pack", "verify", "format", "schema",
      ])
  }

  @Test func schemaCommandPrintsTheCommittedSchema() throws {
    let output = try annota("schema")
    #expect(output.status == 0)
    #expect(output.stdout == (try String(contentsOfFile: Paths.spec + "/manifest.schema.json", encoding: .utf8)))
  }

  @Test func summaryOfTheDemoDataset() throws {
    let output = try annota("summary", Paths.project("Fixtures/demo"))
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stderr.isEmpty)
    #expect(output.stdout.contains("images: 7 (7 present on disk)"))
    #expect(output.stdout.contains("splits: test 2, train 4, validation 1"))
    #expect(output.stdout.contains("nuclei: Nucleus instance masks"))
    #expect(output.stdout.contains("study components: tiff-series (6 images), png-export (1 image)\n"))
  }

  @Test func summaryAsJSON() throws {
    let output = try annota("summary", "--format", "json", Paths.project("Fixtures/demo/annota.yaml"))
    #expect(output.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
    let summary = try #require(object?["summary"] as? [String: Any])
    #expect(summary["images"] as? Int == 7)
    let components = try #require(summary["components"] as? [[String: Any]])
    #expect(components.map { $0["id"] as? String } == ["tiff-series", "png-export"])
    #expect((object?["diagnostics"] as? [Any])?.isEmpty == true)
  }

  @Test func summaryOfABadManifestExitsOneWithEveryFinding() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let text = try String(contentsOfFile: Paths.spec + "/examples/valid/minimal.yaml", encoding: .utf8)
      .replacingOccurrences(of: "licence: CC-BY-4.0", with: "licnese: CC-BY-4.0")
      .replacingOccurrences(of: "encoding: label_image", with: "encoding: labels")
    try folder.write(text, to: "annota.yaml")
    let output = try annota("summary", folder.path)
    #expect(output.status == 1)
    #expect(output.stdout.isEmpty)
    #expect(output.stderr.contains("annota.yaml:8:3 [/study/licnese]: error[MANIFEST-002]"))
    #expect(output.stderr.contains("did you mean `licence`?"))
    #expect(output.stderr.contains("error[MANIFEST-005]"))
    #expect(output.stderr.contains("3 errors"))
  }

  /// A missing path could not be read: 2 (ExitStatusTests has every command); arguments wrong: 64.
  @Test func badArgumentsExit64() throws {
    #expect(try annota("summary", "/nonexistent/folder").status == 2)
    #expect(try annota("summary").status == 64)
    #expect(try annota("schema", "--format", "xml").status == 64)
  }

  @Test func formatCheckAcceptsCanonicalAndRejectsOther() throws {
    #expect(try annota("format", "--check", Paths.project("Fixtures/demo")).status == 0)
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let text = try String(contentsOfFile: Paths.spec + "/examples/valid/minimal.yaml", encoding: .utf8)
    try folder.write("# a comment\n" + text, to: "annota.yaml")
    let before = try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8)
    #expect(try annota("format", "--check", folder.path).status == 1)
    let printed = try annota("format", folder.path)
    #expect(printed.stdout == text)
    #expect(try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8) == before)
    #expect(try annota("format", "--to", "json", folder.path).stdout.hasPrefix("{\n  \"annota\": \"0.2\""))
  }

  /// `format --upgrade` prints a 0.1 manifest as 0.2, every value kept, and leaves the file alone.
  @Test func formatUpgradeWritesA01ManifestAs02() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let old = try String(
      contentsOfFile: Paths.project("Specs/annota/0.1/examples/valid/complete.yaml"), encoding: .utf8)
    try folder.write(old, to: "annota.yaml")
    #expect(try annota("format", "--check", folder.path).status == 0, "0.1 canonical stays canonical as 0.1")
    #expect(try annota("format", "--check", "--upgrade", folder.path).status == 1, "but is not 0.2")
    let upgraded = try annota("format", "--upgrade", folder.path)
    #expect(upgraded.status == 0 && upgraded.stderr.isEmpty, "\(upgraded.stderr)")
    #expect(upgraded.stdout == old.replacing("annota: \"0.1\"", with: "annota: \"0.2\"", maxReplacements: 1))
    #expect(try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8) == old)
    try folder.write(upgraded.stdout, to: "annota.yaml")
    #expect(try annota("format", "--check", "--upgrade", folder.path).status == 0)
  }

  /// Renamed options keep their first spelling (hidden) so scripts go on working; --quiet means
  /// nothing on success for pack and verify.
  @Test func oldSpellingsStillWorkAndQuietIsQuiet() throws {
    let out = try TemporaryFolder()
    defer { out.remove() }
    let demo = Paths.project("Fixtures/demo")
    let packed = try annota("pack", "--algorithms", "sha256", "--quiet", demo, "-o", out.file("bag"))
    #expect(packed.status == 0 && packed.stdout.isEmpty, "\(packed.stdout)\(packed.stderr)")
    let manifests = try FileManager.default.contentsOfDirectory(atPath: out.file("bag")).filter {
      $0.hasPrefix("manifest-")
    }
    #expect(manifests == ["manifest-sha256.txt"])
    let repeated = try annota("pack", "--algorithm", "sha512", "--algorithm", "sha256", demo, "-o", out.file("bag2"))
    #expect(repeated.status == 0 && repeated.stdout.contains("manifests sha256, sha512"), "\(repeated.stdout)")
    let verified = try annota("verify", "--quiet", out.file("bag"))
    #expect(verified.status == 0 && verified.stdout.isEmpty, "\(verified.stdout)")
    #expect(try annota("verify", out.file("bag")).stdout.contains("0 error(s)"))
    let mask = demo + "/masks/cells_01_mask.tif"
    #expect(try annota("inspect", "--dataset", "/x", mask).status == 0, "the old --dataset still parses")
    #expect(try annota("pack", "--algorithms", "md5", demo, "-o", out.file("bag3")).status == 64)
  }

  @Test func parsingInProcess() throws {
    let command = try AnnotaCommand.parseAsRoot(["summary", "--format", "json", "x"])
    let summary = try #require(command as? SummaryCommand)
    #expect(summary.format == .json && summary.path == "x")
  }
}

@Suite("annota inspect and import")
struct InspectImportCLITests {
  @Test func inspectFolderAsJSONLinesInOrder() throws {
    let output = try annota(["inspect", "--format", "json", "--jobs", "2", Paths.project("Fixtures/demo/masks")])
    #expect(output.status == 0, "\(output.stderr)")
    let lines = output.stdout.split(separator: "\n")
    #expect(lines.count == 6)
    for (index, line) in lines.enumerated() {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      #expect((object?["path"] as? String)?.hasSuffix(String(format: "cells_%02d_mask.tif", index + 1)) == true)
      #expect((object?["labels"] as? [Any])?.isEmpty == false)
    }
  }

  @Test func inspectReportsUnreadableFilesAndExitsOne() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let bad = try folder.write("II*\0garbage", to: "bad.tif")
    let output = try annota(["inspect", bad, Paths.project("Fixtures/demo/masks/cells_01_mask.tif")])
    #expect(output.status == 1)
    #expect(output.stderr.hasPrefix(bad + ": "))
    #expect(output.stdout.contains("cells_01_mask.tif: tiff"))
    #expect(try annota(["inspect", "/nonexistent.tif"]).status == 2)
  }

  @Test func importIntoACopyOfTheDemo() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let dataset = folder.file("demo")
    try FileManager.default.copyItem(atPath: Paths.project("Fixtures/demo"), toPath: dataset)
    let source = Paths.project("Fixtures/demo/masks/cells_04_mask.tif")
    let output = try annota(["import", source, "--into", dataset, "--set-id", "again", "--origin", "manual"])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.contains("added annotation set again: segmentation_mask, label_image, 1 file(s)"))
    #expect(try annota(["summary", dataset]).stdout.contains("again: Label image cells_04_mask"))
    let again = try annota(["import", source, "--into", dataset, "--set-id", "again"])
    #expect(again.status == 1 && again.stderr.contains("--replace"))
    #expect(try annota(["import", source, "--into", dataset, "--origin", "aliens"]).status == 64)
  }
}

@Suite("annota inspect on the whole corpus", .enabled(if: Paths.corpus != nil))
struct CorpusSweepTests {
  /// Every image and OME file of the corpus, malformed ones included: each is either described or
  /// named on standard error with its problem; nothing else is printed, nothing crashes or hangs.
  @Test func everyFileIsDescribedOrClearlyRefused() throws {
    let corpus = try #require(Paths.corpus)
    var files: [String] = []
    for folder in [
      "label-tiff", "ome-tiff", "ome-xml", "malformed/tiff", "malformed/ome-xml", "ome-tiff/multifile-master",
      "ome-tiff/multifile-companion", "ome-tiff/prairie-tseries",
    ] {
      files +=
        Paths.files(in: corpus + "/" + folder, suffix: "f") + Paths.files(in: corpus + "/" + folder, suffix: ".xml")
        + Paths.files(in: corpus + "/" + folder, suffix: ".ome")
    }
    #expect(files.count > 60)
    let output = try runProcess(Paths.products + "/annota", ["inspect", "--no-labels", "--format", "json"] + files)
    #expect(output.status == 0 || output.status == 1)
    let described = output.stdout.split(separator: "\n").count
    let refused = output.stderr.split(separator: "\n")
    #expect(described + refused.count == files.count, "\(output.stderr)")
    for line in refused {
      #expect(files.contains { line.hasPrefix($0 + ": ") }, "not a located error: \(line)")
    }
  }
}

@Suite("annota detect and convert", .enabled(if: Paths.corpus != nil))
struct DetectConvertCLITests {
  @Test func detectRanksWithReasonsAndExitsOneForUnknown() throws {
    let cvat = try annota([
      "detect", "--format", "json", try #require(Paths.corpus("cvat/catdog_app_cvat_annotations.xml")),
    ])
    #expect(cvat.status == 0 && cvat.stdout.contains("{\"format\": \"cvat-1.1\", \"confidence\": 0.95"))
    #expect(try annota(["detect", try #require(Paths.corpus("SOURCES.md"))]).status == 1)
  }

  @Test func convertToCOCOWithVerify() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let source = try #require(Paths.corpus("cvat/datumaro_for_images_export_project_annotations.xml"))
    let output = try annota(["convert", source, "--to", "coco", folder.file("out.json"), "--verify"])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.contains("note: 3 point shape(s) have no COCO form"))
    #expect(output.stdout.contains("verified"))
    #expect(try annota(["convert", source, "--to", "coco", source]).status == 64, "never overwrite the input")
  }
}

extension CLITests {
  /// The demo dataset without its manifest: `annota init` finds both annotation sets and every pair.
  @Test func initDescribesTheDemoFolderAndStatusAgrees() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    try FileManager.default.removeItem(atPath: dataset.file("annota.yaml"))
    // A summary by default; --verbose lists each pair.
    let preview = try annota("init", "--dry-run", dataset.path)
    #expect(preview.stdout.contains("paired 21 annotation file(s) with their images (--verbose lists each)"))
    #expect(preview.stdout.split(separator: "\n").filter { $0.hasPrefix("  paired ") }.count == 1)
    let run = try annota("init", "--verbose", dataset.path)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.split(separator: "\n").filter { $0.hasPrefix("  paired ") }.count == 21)
    #expect(run.stdout.contains("[file_name_pattern: masks/{name}_mask.tif ↔ images/{name}.tif]"))
    #expect(run.stdout.contains("[file_name_exact_match: shapes/{name}.geojson ↔ images/{name}.tif]"))
    let status = try annota("status", dataset.path)
    #expect(status.status == 1, "TODOs are left")
    #expect(status.stdout.contains("described: 27 file(s)") && !status.stdout.contains("unlisted"))
    let again = try annota("init", dataset.path)
    #expect(again.status == 1, "never overwrites")
  }
}

extension CLITests {
  @Test func validateExitsByWhatItFinds() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let clean = try annota("validate", dataset.path)
    #expect(clean.status == 0 && clean.stdout.contains("0 error(s)"), "\(clean.stdout)")
    try FileManager.default.removeItem(atPath: dataset.file("images/cells_02.tif"))
    let broken = try annota("validate", "--format", "json", dataset.path)
    #expect(broken.status == 1)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(broken.stdout.utf8)) as? [String: Any])
    #expect((json["summary"] as? [String: Int])?["errors"] == 1)
    #expect(try annota("validate", "--fail-on", "sometimes", dataset.path).status == 64)
    // The narrowest threshold reports an error without failing on it when everything was checked.
    let misdeclared = try TemporaryFolder.demoCopy()
    defer { misdeclared.remove() }
    let manifest = try String(contentsOfFile: misdeclared.file("annota.yaml"), encoding: .utf8)
    try manifest.replacing("dimensions:\n      x: 256", with: "dimensions:\n      x: 255", maxReplacements: 1)
      .write(toFile: misdeclared.file("annota.yaml"), atomically: true, encoding: .utf8)
    let declared = try annota("validate", misdeclared.path)
    #expect(declared.status == 1 && declared.stdout.contains("FILE-011"), "\(declared.stdout)")
    #expect(try annota("validate", "--fail-on", "could-not-check", misdeclared.path).status == 0)
    #expect(try annota("validate", "--fail-on", "could-not-check", dataset.path).status == 1)
    #expect(try annota("validate", dataset.file("nowhere")).status == 2)
  }
}

extension CLITests {
  @Test func packValidatesFirstAndVerifyChecksTheBagAndTheDataset() throws {
    let dataset = try TemporaryFolder.demoCopy()
    let out = try TemporaryFolder()
    defer {
      dataset.remove()
      out.remove()
    }
    let packed = try annota("pack", dataset.path, "-o", out.file("bag"))
    #expect(packed.status == 0, "\(packed.stderr)")
    #expect(packed.stdout.contains("29 payload file(s)"))
    #expect(
      packed.stdout.hasSuffix("; verified (structure, manifests and sizes on disk; --reread reads every file back)\n"))
    let verified = try annota("verify", "--format", "json", out.file("bag"))
    #expect(verified.status == 0, "\(verified.stdout)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: Any])
    #expect((json["profiles"] as? [[String: Any]])?.first?["name"] as? String == "core", "the dataset was validated")

    // A changed file in the bag, and a dataset error inside it: both in one report, paths in the bag.
    try Data("changed".utf8).write(to: URL(fileURLWithPath: out.file("bag/data/shapes/cells_01.geojson")))
    let damaged = try annota("verify", out.file("bag"))
    #expect(damaged.status == 1)
    #expect(damaged.stdout.contains("error[BAG-005]"))
    #expect(damaged.stdout.contains("data/shapes/cells_01.geojson"))
    #expect(damaged.stdout.contains("error[FILE-005]"), "the dataset inside is validated too")
    let sarif = try annota("verify", "--format", "sarif", out.file("bag"))
    let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
    let results = try #require((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
    #expect(results.filter { $0["ruleId"] as? String == "BAG-005" }.allSatisfy { $0["ruleIndex"] != nil })

    // A dataset with errors is not packed, unless forced; the bag says so.
    try FileManager.default.removeItem(atPath: dataset.file("images/cells_02.tif"))
    let refused = try annota("pack", dataset.path, "-o", out.file("bag2"))
    #expect(refused.status == 1 && refused.stderr.contains("not packed"))
    #expect(!FileManager.default.fileExists(atPath: out.file("bag2")))
    let forced = try annota("pack", "--force", dataset.path, "-o", out.file("bag2"))
    #expect(forced.status == 0)
    let info = try String(contentsOfFile: out.file("bag2/bag-info.txt"), encoding: .utf8)
    #expect(info.contains("Annota-Validation: packed with --force despite 1 error(s)"))
    #expect(try annota("pack", "--target", "zip", dataset.path, "-o", out.file("bag3")).status == 64)
    #expect(try annota("verify", out.file("nowhere")).status == 2)
  }
}

extension CLITests {
  @Test func packForTheBIAWritesACrateThatVerifies() throws {
    let out = try TemporaryFolder()
    defer { out.remove() }
    let packed = try annota("pack", "--target", "bia", Paths.project("Fixtures/demo"), "-o", out.file("crate"))
    #expect(packed.status == 0, "\(packed.stderr)")
    for name in ["ro-crate-metadata.json", "file_list.tsv", "file_list_biostudies.tsv", "masks/cells_01_mask.tif"] {
      #expect(FileManager.default.fileExists(atPath: out.file("crate/" + name)), "\(name)")
    }
    // The pairing's masks are rows with their source image.
    let list = try String(contentsOfFile: out.file("crate/file_list.tsv"), encoding: .utf8)
    #expect(list.contains("masks/cells_01_mask.tif\t"))
    #expect(list.contains("\timages/cells_01.tif\t#method-nuclei\t"))
    let verified = try annota("verify", out.file("crate"))
    #expect(verified.status == 0, "\(verified.stdout)")
    try Data("x".utf8).write(to: URL(fileURLWithPath: out.file("crate/images/cells_05.tif")))
    let damaged = try annota("verify", out.file("crate"))
    #expect(damaged.status == 1 && damaged.stdout.contains("error[CRATE-007]"))
  }
}

extension CLITests {
  @Test func packAZipAndVerifyItInPlace() throws {
    let out = try TemporaryFolder()
    defer { out.remove() }
    let packed = try annota(
      "pack", "--target", "bia", "--bag", "--zip", Paths.project("Fixtures/demo"), "-o", out.file("demo.zip"))
    #expect(packed.status == 0, "\(packed.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["demo.zip"], "no build folder left")
    let verified = try annota("verify", "--format", "json", out.file("demo.zip"))
    #expect(verified.status == 0, "\(verified.stdout)")
    #expect(
      try annota("pack", "--zip", Paths.project("Fixtures/demo"), "-o", out.file("demo.zip")).status == 2,
      "never overwrites")
  }
}

extension CLITests {
  /// Starts `arguments` (the program first) with standard output and error sent to /dev/null.
  static func spawnQuietly(_ arguments: [String]) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
    guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
    return pid
  }

  /// A pack killed part-way leaves nothing that looks like a bag.
  ///
  /// The staging folder is hidden and has no `bagit.txt` until the very end; a rerun succeeds.
  @Test func aKilledPackLeavesNothingThatLooksComplete() throws {
    let (dataset, out) = try demoWithExtraFolder()
    defer {
      dataset.remove()
      out.remove()
    }
    let block = Data(repeating: 7, count: 32 << 10)
    for index in 0..<2000 { try block.write(to: URL(fileURLWithPath: dataset.file("extra/\(index).bin"))) }
    for delay in [0.05, 0.15, 0.3] {
      let target = out.file("bag-\(delay)")
      // posix_spawn and waitpid, not Foundation's Process: its waitUntilExit can miss a child killed
      // this early and wait forever (seen once on Linux, with the child left a zombie).
      let pid = try Self.spawnQuietly([Self.binary, "pack", dataset.path, "-o", target])
      Thread.sleep(forTimeInterval: delay)
      kill(pid, SIGKILL)
      var status: Int32 = 0
      while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
      if FileManager.default.fileExists(atPath: target) {
        // It finished first: then it is complete and verifies.
        #expect(try annota("verify", "--bag-only", target).status == 0)
      }
      for name in try FileManager.default.contentsOfDirectory(atPath: out.path) where name.hasPrefix(".") {
        #expect(
          !FileManager.default.fileExists(atPath: out.file(name + "/bagit.txt")), "a partial bag has no declaration")
      }
      if !FileManager.default.fileExists(atPath: target) {
        let rerun = try annota("pack", dataset.path, "-o", target)
        #expect(rerun.status == 0, "a rerun succeeds: \(rerun.stderr.suffix(2000))")
      }
    }
  }
}

extension CLITests {
  /// A disk that fills part-way (writes fail with ENOSPC after N bytes, injected at the packer's one
  /// write point): the pack fails naming the cause, leaves no bundle and nothing that looks like one,
  /// and a rerun on a disk with room succeeds.
  @Test(arguments: [false, true])
  func aFullDiskFailsThePackCleanly(zip: Bool) throws {
    let out = try TemporaryFolder()
    defer { out.remove() }
    let demo = Paths.project("Fixtures/demo")
    let target = out.file(zip ? "demo.zip" : "demo")
    var arguments = ["pack", "--target", "bia", "--bag", demo, "-o", target]
    if zip { arguments.insert("--zip", at: 1) }
    // What a whole pack writes: every file of the bundle (and, for a zip, the folder zipped first).
    #expect(try runProcess(Self.binary, arguments).status == 0)
    let bundleBytes = try bytes(in: target)
    let total = zip ? bundleBytes + bundleBytes * 9 / 10 : bundleBytes
    try FileManager.default.removeItem(atPath: target)
    // Full from the first byte, inside the payload, and near the very end (the tag files, the zip).
    for budget in [0, total / 3, total * 2 / 3, total - 2_000] {
      let failed = try runProcess(Self.binary, arguments, environment: ["ANNOTA_FAIL_WRITES_AFTER": "\(budget)"])
      #expect(failed.status != 0, "budget \(budget)")
      #expect(failed.stderr.contains("No space left on device"), "budget \(budget): \(failed.stderr)")
      #expect(!FileManager.default.fileExists(atPath: target), "budget \(budget): no bundle")
      #expect(
        try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty,
        "budget \(budget): staging removed")
    }
    let packed = try runProcess(Self.binary, arguments)
    #expect(packed.status == 0, "\(packed.stderr)")
    #expect(try annota("verify", target).status == 0)
  }

  /// The bytes of the regular files at or below `path`.
  func bytes(in path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    guard attributes[.type] as? FileAttributeType == .typeDirectory else { return attributes[.size] as? Int ?? 0 }
    return try FileManager.default.subpathsOfDirectory(atPath: path).reduce(0) { sum, name in
      let item = try FileManager.default.attributesOfItem(atPath: path + "/" + name)
      return sum + (item[.type] as? FileAttributeType == .typeRegular ? item[.size] as? Int ?? 0 : 0)
    }
  }
}

extension CLITests {
  /// A source file that grows while it is copied: the pack fails naming it (its size at the start and
  /// what was read), leaves no bundle, and packs once the file is still.
  @Test func aFileChangingWhilePackedFailsThePack() throws {
    let (dataset, out) = try demoWithExtraFolder()
    defer {
      dataset.remove()
      out.remove()
    }
    let growing = dataset.file("extra/growing.bin")
    try Data(repeating: 1, count: 64 << 20).write(to: URL(fileURLWithPath: growing))
    let stop = LockedFlag()
    let writer = Thread {
      guard let handle = FileHandle(forWritingAtPath: growing) else { return }
      handle.seekToEndOfFile()
      while !stop.isSet {
        handle.write(Data([2]))
        usleep(100)
      }
      try? handle.close()
    }
    writer.start()
    let target = out.file("bag")
    let failed = try annota("pack", "--force", dataset.path, "-o", target)
    stop.set()
    Thread.sleep(forTimeInterval: 0.05)
    #expect(failed.status == 2, "\(failed.stdout)")
    #expect(
      failed.stderr.contains("growing.bin") && failed.stderr.contains("changed while being read"), "\(failed.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty, "nothing left")
    #expect(try annota("pack", "--force", dataset.path, "-o", target).status == 0, "a rerun succeeds")
  }
}

extension CLITests {
  /// A copy of the demo dataset with an empty `extra/` folder for test files, and an output folder.
  func demoWithExtraFolder() throws -> (dataset: TemporaryFolder, out: TemporaryFolder) {
    let dataset = try TemporaryFolder.demoCopy()
    try FileManager.default.createDirectory(atPath: dataset.file("extra"), withIntermediateDirectories: true)
    return (dataset, try TemporaryFolder())
  }
}

/// A flag set once from one thread and read from another.
final class LockedFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var value = false

  var isSet: Bool { lock.withLock { value } }

  func set() { lock.withLock { value = true } }
}
