// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaTIFF
import AnnotaTestSupport
import AnnotaWorkflows
import AnnotaXMLSupport
import Testing

/// Read limits are a value bound around the work that needs them, not process-wide switches:
/// concurrent work reads with its own limits, and the built-in ones hold outside.
@Suite("Read limits")
struct ReadLimitsTests {
  static let image = Paths.project("Fixtures/demo/images/cells_01.tif")

  @Test func limitsHoldInsideTheirScopeOnly() async throws {
    var tight = ReadLimits()
    tight.setMaxPlaneBytes(100_000)
    let refused = tight.apply { () -> InspectError? in
      do {
        _ = try FileInspector.inspect(Self.image)
        return nil
      } catch { return error as? InspectError }
    }
    #expect(
      refused?.code == .limitExceeded, "a 256×256 uint16 plane is over 100 000 bytes: \(String(describing: refused))")
    #expect(TIFFReadLimits.defaults.maxPlaneBytes == TIFFReadLimits().maxPlaneBytes, "nothing leaks out")
    #expect(throws: Never.self) { try FileInspector.inspect(Self.image) }
  }

  @Test func concurrentWorkReadsWithItsOwnLimits() async throws {
    var tight = ReadLimits()
    tight.setMaxPlaneBytes(100_000)
    tight.xml.maxDepth = 3
    // Many tasks of each kind at once: each sees the limits it was started under.
    let outcomes = await withTaskGroup(of: (Bool, Bool).self) { group in
      for index in 0..<16 {
        let limits = index.isMultiple(of: 2) ? tight : ReadLimits()
        group.addTask {
          limits.apply {
            (index.isMultiple(of: 2), (try? FileInspector.inspect(Self.image)) != nil)
          }
        }
      }
      var all: [(Bool, Bool)] = []
      for await outcome in group { all.append(outcome) }
      return all
    }
    #expect(outcomes.count == 16)
    #expect(outcomes.allSatisfy { tightened, read in tightened != read }, "tight tasks refuse, the others read")
    let deep = Array("<a><b><c><d><e/></d></c></b></a>".utf8)
    _ = tight.apply { #expect(throws: XMLError.self) { try XMLSafeParser.document(deep) } }
    #expect(throws: Never.self) { try XMLSafeParser.document(deep) }
  }
}
