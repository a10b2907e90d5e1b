// SPDX-License-Identifier: Apache-2.0
import AnnotaExport
import AnnotaImport
import AnnotaModel
import AnnotaTestSupport
import AnnotaValidation
import Foundation
import Testing

/// Each catalog record against the target's own validator, in the test venv.
///
/// mlcroissant (validate, then the first record of every RecordSet), bioimageio.spec, DataCite's
/// schema from the `datacite` package; Zenodo's legacy deposit rules (no public validator runs
/// offline) as ``ZenodoRules``.
/// Negative cases: the record without what a manifest field gives is refused by the validator, and
/// `validate --profile` reports that manifest field first.
@Suite struct CatalogPeerTests {
  /// The first finding of `profile` on the dataset: its rule and pointer.
  static func firstFinding(_ folder: TemporaryFolder, _ profile: DatasetValidator.Profile) async -> (String, String?)? {
    let report = await DatasetValidator.validate(folder.path, profiles: [profile])
    let prefix = profile.rawValue.uppercased() + "-"
    return report.diagnostics.first { $0.rule.rawValue.hasPrefix(prefix) }.map {
      ($0.rule.rawValue, $0.location.pointer)
    }
  }

  static let croissantScript = """
    import json, sys
    import mlcroissant as mlc, numpy as np
    path = sys.argv[1]
    out = {"records": {}}
    dataset = mlc.Dataset(path)
    for record_set in dataset.metadata.record_sets:
        for record in dataset.records(record_set.uuid):
            row = {}
            for key, value in record.items():
                name = key.split("/", 1)[1]
                if hasattr(value, "size") and hasattr(value, "mode"):
                    row[name] = ["image", list(value.size)]
                elif isinstance(value, bytes):
                    row[name] = value.decode()
                else:
                    row[name] = value
            out["records"][record_set.uuid] = row
            break
    # Negative: without its distribution the record does not validate.
    document = json.load(open(path))
    del document["distribution"]
    try:
        mlc.Dataset(jsonld=document)
        out["without_distribution"] = "accepted"
    except Exception as error:
        out["without_distribution"] = str(error)
    print(json.dumps(out, default=str))
    """

  @Test(.enabled(if: python(with: ["mlcroissant", "PIL"]) != nil))
  func mlcroissantValidatesAndLoadsEveryRecordSet() async throws {
    let interpreter = try #require(python(with: ["mlcroissant", "PIL"]))
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    _ = try CatalogExporter.export(
      folder.path, options: .init(target: .croissant, output: folder.file("croissant.json")))
    let cli = (interpreter as NSString).deletingLastPathComponent + "/mlcroissant"
    // A proxy that does not answer: the validators must not need the network.
    let offline = ["HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"]
    let validation = try runProcess(cli, ["validate", "--jsonld", folder.file("croissant.json")], environment: offline)
    #expect(validation.status == 0, "\(validation.stderr)")
    #expect(!validation.stderr.lowercased().contains("warning"), "\(validation.stderr)")
    let run = try runProcess(
      interpreter, ["-c", Self.croissantScript, folder.file("croissant.json")], environment: offline)
    try #require(run.status == 0, "\(run.stderr)")
    let output = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let records = try #require(output["records"] as? [String: [String: Any]])
    #expect(
      Set(records.keys) == [
        "splits", "labels-classes", "labels-quality-classes", "images-tif-list", "images-tif", "regions-tif-list",
        "regions-tif", "quality-files-list",
      ])
    let image = try #require(records["images-tif"])
    #expect(image["path"] as? String == "images/img1.tif")
    #expect(image["id"] as? String == "img1")
    #expect(image["split"] as? String == "train")
    #expect(image["pixel_size_x"] as? Double == 0.5)
    #expect((image["image"] as? [Any])?.first as? String == "image")
    let mask = try #require(records["regions-tif"])
    #expect(mask["file"] as? String == "labels/img1.tif")
    #expect(mask["image_path"] as? String == "images/img1.tif")
    #expect(mask["image_id"] as? String == "img1")
    #expect((mask["mask"] as? [Any])?.first as? String == "image")
    #expect(mask["label_table"] as? String == "labels-classes")
    #expect(mask["pixel_size_y"] as? Double == 0.5)
    #expect(records["splits"]?["url"] as? String == "cr:TrainingSplit")
    #expect(records["quality-files-list"]?["file"] as? String == "classes/quality.tsv")
    #expect(
      records["quality-files-list"]?["sha256"] as? String == (try FileDigest.sha256(folder.file("classes/quality.tsv")))
    )
    // Negative: mlcroissant refuses the record without a distribution; the profile names `images`.
    #expect(output["without_distribution"] as? String != "accepted")
    let empty = try CatalogFixture.dataset(images: false)
    defer { empty.remove() }
    let finding = await Self.firstFinding(empty, .croissant)
    #expect(finding?.0 == "CROISSANT-001" && finding?.1 == "/images")
  }

  static let bioimageioScript = """
    import json, sys
    import bioimageio.spec as spec
    from bioimageio.spec import ValidationContext
    def check(path):
        # No I/O checks: they resolve the DOIs and URLs over the network, which tests never touch
        # (the SHA-256 of README.md and cover.png are checked by the Swift side). Local files are
        # still required to exist.
        description = spec.load_description(path, perform_io_checks=False)
        summary = description.validation_summary
        return {
            "status": summary.status,
            "type": type(description).__name__,
            "errors": [str(e.loc) + ": " + e.msg for d in summary.details for e in d.errors],
            "warnings": [str(w.loc) + ": " + w.msg for d in summary.details for w in d.warnings],
        }
    out = {"full": check(sys.argv[1])}
    # Negative: the name a 2-character title would give.
    import yaml
    document = yaml.safe_load(open(sys.argv[1]))
    document["name"] = "Nu"
    with open(sys.argv[2], "w") as handle:
        yaml.safe_dump(document, handle)
    out["short_name"] = check(sys.argv[2])
    print(json.dumps(out))
    """

  @Test(.enabled(if: python(with: ["bioimageio.spec", "yaml"]) != nil))
  func bioimageioValidatesWithoutWarnings() async throws {
    let interpreter = try #require(python(with: ["bioimageio.spec", "yaml"]))
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    let output = folder.file("bioimageio")
    _ = try CatalogExporter.export(folder.path, options: .init(target: .bioimageio, output: output))
    let run = try runProcess(
      interpreter, ["-c", Self.bioimageioScript, output + "/rdf.yaml", output + "/short.rdf.yaml"],
      environment: [
        "BIOIMAGEIO_CACHE_PATH": folder.file("cache"), "NO_COLOR": "1", "HTTP_PROXY": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
      ])
    try #require(run.status == 0, "\(run.stderr)")
    let result = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [String: Any]])
    let full = try #require(result["full"])
    #expect(full["type"] as? String == "DatasetDescr")
    #expect(full["status"] as? String == "valid-format", "\(full)")
    #expect((full["errors"] as? [String])?.isEmpty == true, "\(full)")
    #expect((full["warnings"] as? [String])?.isEmpty == true, "\(full)")
    let short = try #require(result["short_name"])
    #expect(short["status"] as? String == "failed", "\(short)")
    let title = try CatalogFixture.dataset(replacing: ["title": "  title: Nu"])
    defer { title.remove() }
    let finding = await Self.firstFinding(title, .bioimageio)
    #expect(finding?.0 == "BIOIMAGEIO-001" && finding?.1 == "/study/title")
  }

  static let dataciteScript = """
    import json, sys
    from datacite import schema45
    record = json.load(open(sys.argv[1]))
    out = {"valid": schema45.validate(record), "errors": [e.message for e in schema45.validator.iter_errors(record)]}
    del record["publicationYear"]
    out["without_year"] = [e.message for e in schema45.validator.iter_errors(record)]
    print(json.dumps(out))
    """

  @Test(.enabled(if: python(with: ["datacite"]) != nil))
  func dataciteSchemaAcceptsTheRecord() async throws {
    let interpreter = try #require(python(with: ["datacite"]))
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    _ = try CatalogExporter.export(folder.path, options: .init(target: .datacite, output: folder.file("datacite.json")))
    let run = try runProcess(interpreter, ["-c", Self.dataciteScript, folder.file("datacite.json")])
    try #require(run.status == 0, "\(run.stderr)")
    let result = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(result["valid"] as? Bool == true, "\(result)")
    #expect((result["errors"] as? [String])?.isEmpty == true)
    #expect((result["without_year"] as? [String])?.contains { $0.contains("publicationYear") } == true)
    let undated = try CatalogFixture.dataset(without: ["release_date"])
    defer { undated.remove() }
    let finding = await Self.firstFinding(undated, .datacite)
    #expect(finding?.0 == "DATACITE-001" && finding?.1 == "/study/release_date")
  }

  @Test func zenodoRulesRefuseWhatTheProfileReports() async throws {
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    let text = try #require(try CatalogExporter.export(folder.path, options: .init(target: .zenodo, output: nil)).text)
    var metadata = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(ZenodoRules.problems(metadata).isEmpty)
    metadata["title"] = "Nu"
    #expect(ZenodoRules.problems(metadata) == ["title shorter than 3"])
    metadata.removeValue(forKey: "license")
    #expect(ZenodoRules.problems(metadata).contains("license"))
    let title = try CatalogFixture.dataset(replacing: ["title": "  title: Nu"])
    defer { title.remove() }
    let finding = await Self.firstFinding(title, .zenodo)
    #expect(finding?.0 == "ZENODO-001" && finding?.1 == "/study/title")
  }
}
