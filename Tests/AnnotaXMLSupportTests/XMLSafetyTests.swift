// SPDX-License-Identifier: Apache-2.0
import AnnotaTestSupport
import AnnotaXMLSupport
import Foundation
import Testing

@Suite("Safe XML parsing")
struct XMLSafetyTests {
  func root(_ text: String) throws -> XMLRootElement { try XMLSafeParser.root(of: Array(text.utf8)) }

  @Test func libxml2IsLinked() {
    #expect(XMLLibrary.version.hasPrefix("2."))
  }

  @Test func wellFormedDocumentIsRead() throws {
    let outline = try root(#"<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image/><ROI/></OME>"#)
    #expect(outline.localName == "OME")
    #expect(outline.namespace == "http://www.openmicroscopy.org/Schemas/OME/2016-06")
    #expect(outline.childElementCount == 2)
  }

  @Test(arguments: [
    #"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]><r>&x;</r>"#,
    #"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;]><r/>"#,
    #"<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://example.invalid/x.dtd"><r/>"#,
  ])
  func doctypesAreRefusedAndNothingIsLoaded(document: String) throws {
    let before = XMLLibrary.refusedExternalLoads
    let error = try #require(throws: XMLError.self) { try root(document) }
    #expect(error.code == .doctypeRejected)
    #expect(XMLLibrary.refusedExternalLoads == before)
  }

  @Test func billionLaughsStopsQuickly() throws {
    var entities = #"<!ENTITY a "lol">"#
    for level in 1...10 {
      let previous = Character(UnicodeScalar(UInt8(96 + level)))
      let name = Character(UnicodeScalar(UInt8(97 + level)))
      entities += "<!ENTITY \(name) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
    }
    let document = "<?xml version=\"1.0\"?><!DOCTYPE r [\(entities)]><r>&k;</r>"
    #expect(throws: XMLError.self) { try root(document) }
  }

  @Test func quadraticBlowupIsRefusedWithoutExpanding() throws {
    let big = String(repeating: "x", count: 50_000)
    let references = String(repeating: "&a;", count: 50_000)
    let document = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"\(big)\">]><r>\(references)</r>"
    let start = ContinuousClock.now
    let error = try #require(throws: XMLError.self) { try XMLSafeParser.document(Array(document.utf8)) }
    #expect(error.code == .doctypeRejected)
    #expect(ContinuousClock.now - start < .seconds(5))
    let streamed = try #require(throws: XMLError.self) { try XMLStreamReader.read(Array(document.utf8)) { _ in } }
    #expect(streamed.code == .doctypeRejected)
  }

  @Test func elementTreesKeepNamesAttributesTextAndLines() throws {
    let text =
      "<ROI:Root xmlns:ROI=\"urn:x\" a=\"1\">\n  <ROI:Shape ID=\"s\">hello<![CDATA[ world]]></ROI:Shape>\n  <Other/>\n</ROI:Root>"
    let root = try XMLSafeParser.document(Array(text.utf8))
    #expect(root.name == "Root" && root.namespace == "urn:x" && root.attribute("a") == "1")
    let shape = try #require(root.child("Shape"))
    #expect(shape.text == "hello world" && shape.attribute("ID") == "s" && shape.line == 2)
    #expect(root.descendants("Other").count == 1 && root.children("Shape").count == 1)
  }

  @Test func depthAndElementBudgetsAreEnforced() {
    let deep = String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)
    #expect(throws: XMLError.self) { try XMLSafeParser.document(Array(deep.utf8), limits: XMLLimits(maxDepth: 100)) }
    let wide = "<r>" + String(repeating: "<a/>", count: 1000) + "</r>"
    #expect(throws: XMLError.self) { try XMLSafeParser.document(Array(wide.utf8), limits: XMLLimits(maxElements: 500)) }
    #expect(throws: XMLError.self) { try XMLSafeParser.document(Array(wide.utf8), limits: XMLLimits(maxBytes: 100)) }
  }

  @Test func streamingReaderDeliversEventsInOrder() throws {
    let text = "<r x=\"1\"><a>t</a><b/></r>"
    var events: [String] = []
    try XMLStreamReader.read(Array(text.utf8)) { event in
      switch event {
      case .start(let name, _, let attributes, let depth, _, let selfClosing):
        events.append("start \(name) \(depth) \(attributes.map { "\($0.name)=\($0.value)" }) \(selfClosing)")
      case .end(let name, _): events.append("end \(name)")
      case .text(let text): events.append("text \(text)")
      }
    }
    #expect(
      events == ["start r 0 [\"x=1\"] false", "start a 1 [] false", "text t", "end a", "start b 1 [] true", "end r"])
    let error = try #require(throws: XMLError.self) { try XMLStreamReader.read(Array("<r><a></r>".utf8)) { _ in } }
    #expect(error.code == .malformed)
  }

  @Test func streamingReaderIsFlatOnALargeDocument() throws {
    var document = "<TrackMate><AllSpots>"
    for index in 0..<200_000 { document += "<Spot ID=\"\(index)\" POSITION_X=\"1.5\" POSITION_Y=\"2.5\"/>" }
    document += "</AllSpots></TrackMate>"
    var spots = 0
    try XMLStreamReader.read(Array(document.utf8)) { event in
      if case .start(name: "Spot", _, _, _, _, _) = event { spots += 1 }
    }
    #expect(spots == 200_000)
  }

  @Test func malformedXMLReportsWhere() throws {
    let error = try #require(throws: XMLError.self) { try root("<a>\n<b></a>") }
    #expect(error.code == .malformed)
    #expect(error.line == 2)
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func corpusOMEXMLIsReadAndMalformedOnesDoNotCrash() throws {
    let folder = try #require(Paths.corpus("ome-xml"))
    let files = Paths.files(in: folder, suffix: ".xml")
    #expect(!files.isEmpty)
    for file in files {
      let bytes = try #require(FileManagerShimData.read(file))
      #expect(try XMLSafeParser.root(of: bytes).localName == "OME", "\(file)")
    }
    for file in Paths.files(in: try #require(Paths.corpus("malformed/ome-xml")), suffix: ".xml") {
      let bytes = try #require(FileManagerShimData.read(file))
      _ = try? XMLSafeParser.root(of: bytes)
    }
  }
}

extension XMLSafetyTests {
  @Test func fileStreamsGiveTheSameEventsAsMemory() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let text = "<a x=\"1\"><b>text</b><c/></a>"
    let path = try folder.write(text, to: "doc.xml")
    var fromFile: [String] = []
    var fromMemory: [String] = []
    try XMLStreamReader.read(fileAt: path) { fromFile.append("\($0)") }
    try XMLStreamReader.read(Array(text.utf8)) { fromMemory.append("\($0)") }
    #expect(fromFile == fromMemory && fromFile.count == 6)
  }

  @Test func fileStreamsRefuseWhatIsNotARegularFile() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    #expect(throws: XMLError.self) { try XMLStreamReader.read(fileAt: folder.file("missing.xml")) { _ in } }
    #expect(throws: XMLError.self) { try XMLStreamReader.read(fileAt: folder.path) { _ in } }
    // A FIFO would block a reader that waited for a writer: it is refused at once.
    let fifo = folder.file("pipe.xml")
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(throws: XMLError.self) { try XMLStreamReader.read(fileAt: fifo) { _ in } }
    let big = try folder.write("<a>" + String(repeating: "x", count: 5000) + "</a>", to: "big.xml")
    let error = try #require(throws: XMLError.self) {
      try XMLStreamReader.read(fileAt: big, limits: XMLLimits(maxBytes: 1000)) { _ in }
    }
    #expect(error.code == .limitExceeded)
  }

  @Test func truncatedFileStreamsFailWithALine() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write("<a>\n<b>\n<c>text", to: "cut.xml")
    let error = try #require(throws: XMLError.self) { try XMLStreamReader.read(fileAt: path) { _ in } }
    #expect(error.code == .malformed && error.line != nil)
  }
}
