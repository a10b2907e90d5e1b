// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// Checks a BagIt bag (RFC 8493) in one pass: declaration, structure, every manifest line,
/// completeness both ways (each missing or unexpected file named), fixity of every payload file
/// (each file read once for all algorithms, on all cores), `Payload-Oxum`, and the tag manifests.
public enum BagVerifier {
  /// A check that could not run, and why: never counted as passed.
  public typealias Unchecked = CouldNotCheck

  /// What verification found.
  public struct Result: Sendable {
    /// Every finding, with the file and manifest line concerned.
    public var findings: [Diagnostic]
    /// Checks that could not run (a manifest of an algorithm this build does not compute).
    public var unchecked: [Unchecked]
    /// Payload files examined and their bytes.
    public var files: Int, bytes: Int
  }

  /// Verifies the bag in `bag`.
  /// - Parameters:
  ///   - bag: the bag's folder.
  ///   - width: files hashed at once (default: 2).
  /// - Returns: the findings (empty when the bag is valid).
  public static func verify(_ bag: String, width: Int = 2) async -> Result {
    await verify(source: FolderSource(root: bag), width: width)
  }

  /// Verifies a bag in a zip, read in place: every entry streamed from the zip, nothing extracted.
  /// - Parameters:
  ///   - zip: the zip file.
  ///   - width: entries hashed at once.
  /// - Returns: the findings; a zip whose directory cannot be read is one `ZIP-001` finding.
  public static func verify(zip: String, width: Int = 2) async -> Result {
    do throws(PackError) {
      let source = try ZipSource(zip: zip)
      var result = await verify(source: source, width: width)
      for name in source.crcLog.mismatches {
        var location = SourceLocation(file: name)
        location.annotation = name
        result.findings.append(ZipRules.crc.finding("the entry's data does not have its recorded CRC-32", at: location))
      }
      return result
    } catch {
      let finding = ZipRules.structure.finding(error.message, at: SourceLocation(file: zip))
      return Result(findings: [finding], unchecked: [], files: 0, bytes: 0)
    }
  }

  static func verify(source: some BundleSource, width: Int) async -> Result {
    var findings: [Diagnostic] = []
    var unchecked: [Unchecked] = []
    func finding(_ rule: Rule, _ file: String, _ message: String, row: Int? = nil, hint: String? = nil) {
      var location = SourceLocation(file: file)
      location.row = row
      findings.append(rule.finding(message, hint: hint, at: location))
    }
    // 1. Declaration.
    if let text = source.text("bagit.txt") {
      if text.hasPrefix("\u{FEFF}") {
        finding(
          BagRules.declaration, "bagit.txt", "starts with a byte-order mark", hint: "write it as UTF-8 without BOM")
      }
      let tags = parseTags(text)
      if !["1.0", "0.97"].contains(tags.first { $0.label == "BagIt-Version" }?.value ?? "") {
        finding(BagRules.declaration, "bagit.txt", "no `BagIt-Version: 1.0`", row: 1)
      }
      if tags.first(where: { $0.label == "Tag-File-Character-Encoding" })?.value.uppercased() != "UTF-8" {
        finding(BagRules.declaration, "bagit.txt", "no `Tag-File-Character-Encoding: UTF-8`", row: 2)
      }
    } else {
      finding(
        BagRules.declaration, "bagit.txt", "missing or not UTF-8: this is not a bag", hint: "pack the dataset again")
    }
    // 2. Structure: the payload folder and the manifests.
    guard source.isFolder("data") else {
      finding(BagRules.structure, "data", "no payload folder `data/`")
      return Result(findings: findings, unchecked: [], files: 0, bytes: 0)
    }
    // The payload as it is: links and devices are findings, never followed or read.
    let walked = source.walk("data")
    for (path, kind) in walked {
      switch kind {
      case .link: finding(BagRules.unsafePath, "data/" + path, "a symbolic link in the payload; it is not followed")
      case .other:
        finding(BagRules.unsafePath, "data/" + path, "a device, FIFO or socket in the payload; it is not read")
      case .regular: break
      }
    }
    let names = walked.compactMap { entry -> String? in
      if case .regular = entry.kind { "data/" + entry.path } else { nil }
    }
    let manifestNames = source.topLevel().filter { $0.hasPrefix("manifest-") && $0.hasSuffix(".txt") }.sorted()
    if manifestNames.isEmpty { finding(BagRules.structure, "manifest-sha512.txt", "no payload manifest") }
    // 3. Manifest lines.
    var listed: [String: [FixityAlgorithm: String]] = [:]
    var unknownAlgorithms: [String] = []
    var manifests: [(algorithm: FixityAlgorithm, name: String)] = []
    for name in manifestNames {
      let algorithmName = String(name.dropFirst("manifest-".count).dropLast(".txt".count))
      guard let algorithm = FixityAlgorithm(rawValue: algorithmName) else {
        unknownAlgorithms.append(name)
        unchecked.append(
          Unchecked(
            rule: BagRules.fixity.id, location: SourceLocation(file: name),
            reason: "\(algorithmName) is not computed by this build (SHA-256 and SHA-512 are)"))
        continue
      }
      manifests.append((algorithm, name))
      guard let text = source.text(name) else {
        finding(BagRules.manifestLine, name, "cannot be read as UTF-8 text")
        continue
      }
      let manifest = BagManifest(text, digits: algorithm.digits)
      for problem in manifest.problems {
        finding(BagRules.manifestLine, name, problem.message(algorithm), row: problem.row)
      }
      var seen: Set<String> = []
      seen.reserveCapacity(manifest.entries.count)
      listed.reserveCapacity(manifest.entries.count)
      for entry in manifest.entries {
        let path = entry.path
        guard BagPaths.isSafe(path), path.hasPrefix("data/") else {
          finding(
            BagRules.unsafePath, name, "`\(path)` is not a path inside the payload; it is not followed", row: entry.row)
          continue
        }
        guard seen.insert(path).inserted else {
          finding(BagRules.manifestLine, name, "\(path) is listed twice", row: entry.row)
          continue
        }
        listed[path, default: [:]][algorithm] = entry.digest
      }
    }
    // 4. Completeness, both ways.
    let payload = names.filter { $0.hasPrefix("data/") }
    let present = Set(payload)
    var sizes: [String: Int] = [:]
    let irregular = Set(walked.filter { if case .regular = $0.kind { false } else { true } }.map { "data/" + $0.path })
    for path in listed.keys.sorted() where !present.contains(path) && !irregular.contains(path) {
      finding(BagRules.missing, path, "listed in the manifests but not in the payload", hint: "restore the file")
    }
    for path in payload where listed[path] == nil {
      finding(BagRules.unexpected, path, "in the payload but in no manifest", hint: "remove it, or pack again")
    }
    for (path, digests) in listed.sorted(by: { $0.key < $1.key }) where present.contains(path) {
      for manifest in manifests where digests[manifest.algorithm] == nil {
        finding(
          BagRules.partialManifest, manifest.name,
          "\(path) is not in this manifest (BagIt 1.0: every file in every manifest)")
      }
    }
    // 5. Fixity: every listed file present, hashed once for every algorithm.
    let toHash = listed.keys.filter { present.contains($0) }.sorted()
    let algorithms = Set(manifests.map(\.algorithm))
    var results: [String: Result_] = [:]
    try? await BoundedParallel.forEach(toHash, width: max(1, width)) { path in
      do {
        let (digests, count) = try source.hash(path, algorithms: algorithms)
        return Result_.hashed(digests, count)
      } catch let error as PackError {
        return .failed(error.description)
      } catch {
        return .failed("\(error)")
      }
    } emit: { index, result in
      results[toHash[index]] = result
    }
    var bytes = 0
    for path in toHash {
      switch results[path] {
      case .hashed(let digests, let count)?:
        bytes += count
        sizes[path] = count
        for (algorithm, expected) in (listed[path] ?? [:]).sorted(by: { $0.key < $1.key }) {
          if let found = digests[algorithm], found != expected {
            finding(
              BagRules.fixity, path, "\(algorithm.rawValue) is \(found), the manifest records \(expected)",
              hint: "the file changed or was damaged in transfer: restore it from the source")
          }
        }
      case .failed(let reason)?:
        finding(BagRules.fixity, path, "cannot be read: \(reason)")
      case nil:
        break
      }
    }
    // 6. Payload-Oxum, when recorded.
    if let text = source.text("bag-info.txt"),
      let oxum = parseTags(text).first(where: { $0.label == "Payload-Oxum" })?.value
    {
      let parts = oxum.split(separator: ".")
      var walkedSizes: [String: Int] = [:]
      for (path, kind) in walked { if case .regular(let size) = kind { walkedSizes["data/" + path] = size } }
      let actualBytes = payload.reduce(0) { total, path in total + (sizes[path] ?? walkedSizes[path] ?? 0) }
      if parts.count != 2 || Int(parts[0]) != actualBytes || Int(parts[1]) != payload.count {
        finding(
          BagRules.oxum, "bag-info.txt",
          "Payload-Oxum is \(oxum); the payload holds \(actualBytes).\(payload.count) (the files concerned are named above)"
        )
      }
    }
    // 7. Tag manifests.
    for name in source.topLevel().filter({ $0.hasPrefix("tagmanifest-") && $0.hasSuffix(".txt") }).sorted() {
      let algorithmName = String(name.dropFirst("tagmanifest-".count).dropLast(".txt".count))
      guard let algorithm = FixityAlgorithm(rawValue: algorithmName), let text = source.text(name) else {
        unchecked.append(
          Unchecked(
            rule: BagRules.tagFixity.id, location: SourceLocation(file: name),
            reason: "\(algorithmName) is not computed by this build"))
        continue
      }
      let manifest = BagManifest(text, digits: algorithm.digits)
      for problem in manifest.problems {
        finding(BagRules.manifestLine, name, problem.message(algorithm), row: problem.row)
      }
      for entry in manifest.entries {
        guard BagPaths.isSafe(entry.path), !entry.path.hasPrefix("data/") else {
          finding(BagRules.unsafePath, name, "`\(entry.path)` is not a tag file of the bag", row: entry.row)
          continue
        }
        guard let (digests, _) = try? source.hash(entry.path, algorithms: [algorithm]) else {
          finding(BagRules.tagFixity, entry.path, "listed in \(name) but missing or unreadable", row: entry.row)
          continue
        }
        if digests[algorithm] != entry.digest {
          finding(BagRules.tagFixity, entry.path, "changed since the bag was made (\(name) line \(entry.row))")
        }
      }
    }
    return Result(
      findings: findings, unchecked: unchecked, files: payload.count,
      bytes: bytes)
  }

  enum Result_: Sendable {
    case hashed([FixityAlgorithm: String], Int)
    case failed(String)
  }

  static func readText(_ path: String) -> String? {
    guard let descriptor = Optional(open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)), descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while bytes.count <= 256 << 20 {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { break }
      bytes += buffer[0..<count]
    }
    return String(validating: bytes, as: UTF8.self)
  }

  /// `Label: value` lines, with indented continuation lines folded in.
  static func parseTags(_ text: String) -> [(label: String, value: String)] {
    var tags: [(label: String, value: String)] = []
    for line in text.split(separator: "\n") {
      let line = line.hasSuffix("\r") ? line.dropLast() : line
      if line.first == " " || line.first == "\t", !tags.isEmpty {
        tags[tags.count - 1].value += " " + line.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
      } else if let colon = line.firstIndex(of: ":") {
        let label = line[..<colon].trimmingPrefix(while: { $0 == "\u{FEFF}" })
        tags.append((String(label), String(line[line.index(after: colon)...].trimmingPrefix(while: { $0 == " " }))))
      }
    }
    return tags
  }

  static func topLevelNames(_ folder: String) -> [String] {
    DirectoryNames.of(folder) ?? []
  }
}
