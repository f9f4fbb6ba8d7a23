import CLibXML2
import Foundation
import Testing
@testable import Rapport

/// The second wall: even a caller that asks libxml2 to load DTDs and substitute entities
/// (which Rapport never does) gets nothing from disk once Rapport has set up libxml2.
@Suite struct InstrumentsEntityLoaderTests {
    @Test func externalEntityLoaderDeniesEverything() throws {
        LibXML.initialize()
        let dir = try InstrumentFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dtd = dir.appendingPathComponent("x.dtd")
        try Data("<!ENTITY leaked \"LEAKED-CONTENT\">".utf8).write(to: dtd)
        let secret = dir.appendingPathComponent("secret.txt")
        try Data("SECRET-CONTENT".utf8).write(to: secret)
        let documents = [
            "<!DOCTYPE r SYSTEM \"file://\(dtd.path)\"><r>&leaked;</r>",
            "<!DOCTYPE r [<!ENTITY s SYSTEM \"file://\(secret.path)\">]><r>&s;</r>",
        ]
        for xml in documents {
            let bytes = Array(xml.utf8)
            guard let ctxt = xmlNewParserCtxt() else { Issue.record("no parser"); return }
            defer { xmlFreeParserCtxt(ctxt) }
            let options = Int32(XML_PARSE_DTDLOAD.rawValue | XML_PARSE_NOENT.rawValue | XML_PARSE_NOERROR.rawValue
                                | XML_PARSE_NOWARNING.rawValue)
            let doc = bytes.withUnsafeBufferPointer { buf in
                buf.withMemoryRebound(to: CChar.self) {
                    xmlCtxtReadMemory(ctxt, $0.baseAddress, Int32($0.count), nil, nil, options)
                }
            }
            var text = ""
            if let doc {
                if let root = xmlDocGetRootElement(doc), let content = xmlNodeGetContent(root) {
                    text = String(cString: content)
                    rapport_xmlFree(content)
                }
                xmlFreeDoc(doc)
            }
            #expect(!text.contains("LEAKED-CONTENT"))
            #expect(!text.contains("SECRET-CONTENT"))
        }
    }
}
