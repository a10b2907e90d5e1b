// SPDX-License-Identifier: Apache-2.0
import AnnotaTestSupport
import AnnotaXMLSupport
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
