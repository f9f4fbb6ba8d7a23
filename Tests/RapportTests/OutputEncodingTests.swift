import CLibXML2
import Foundation
import Testing
@testable import Rapport

/// The one CSV field writer and the one XML/HTML escaper.
@Suite struct OutputEncodingTests {
    @Test func csvFieldsAreQuotedOnlyWhenNeeded() {
        let cases: [(String, UInt8, String)] = [
            ("plain", CSVFieldWriter.comma, "plain"),
            ("a,b", CSVFieldWriter.comma, "\"a,b\""),
            ("a,b", CSVFieldWriter.tab, "a,b"),
            ("a\tb", CSVFieldWriter.tab, "\"a\tb\""),
            ("say \"hi\"", CSVFieldWriter.comma, "\"say \"\"hi\"\"\""),
            ("two\nlines", CSVFieldWriter.comma, "\"two\nlines\""),
            // CR LF is one Character in Swift; the writer looks at bytes, so it is quoted.
            ("crlf\r\nend", CSVFieldWriter.comma, "\"crlf\r\nend\""),
            ("cr\rend", CSVFieldWriter.comma, "\"cr\rend\""),
            ("", CSVFieldWriter.comma, ""),
        ]
        for (text, delimiter, want) in cases {
            var out: [UInt8] = []
            CSVFieldWriter.append(text, delimiter: delimiter, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == want, "\(text.debugDescription)")
            #expect(CSVFieldWriter.quoted(text, delimiter: delimiter) == want)
        }
    }

    @Test func xmlEscapingByContext() {
        #expect(XMLText.escape("a & <b> \"c\"\td\ne\rf") == "a &amp; &lt;b&gt; &quot;c&quot;\td\ne&#13;f")
        #expect(XMLText.attribute("a & <b> \"c\"\td\ne\rf") == "a &amp; &lt;b&gt; &quot;c&quot;&#9;d&#10;e&#13;f")
        // XML 1.0 cannot carry these at all: dropped, so the document still parses.
        #expect(XMLText.escape("x\u{0}\u{1}\u{1B}y\u{FFFE}\u{FFFF}z") == "xyz")
        #expect(XMLText.escape("ω ≥ .70 — Ünïcödé") == "ω ≥ .70 — Ünïcödé")
    }

    /// What a parser reads back from an escaped attribute and element is the original text
    /// (less what XML cannot carry): tabs, line breaks and carriage returns survive in both.
    @Test func escapedTextReadsBackThroughLibXML2() throws {
        let original = "tab\there, line\nbreak, cr\rreturn, crlf\r\n & <tag> \"quoted\" 'single'"
        let xml = "<r a=\"\(XMLText.attribute(original))\">\(XMLText.escape(original))</r>"
        let bytes = Array(xml.utf8)
        let ctxt = try #require(xmlNewParserCtxt())
        defer { xmlFreeParserCtxt(ctxt) }
        let doc = try #require(bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) {
                xmlCtxtReadMemory(ctxt, $0.baseAddress, Int32($0.count), nil, "UTF-8", Int32(XML_PARSE_NONET.rawValue))
            }
        })
        defer { xmlFreeDoc(doc) }
        let root = try #require(xmlDocGetRootElement(doc))
        func string(_ p: UnsafeMutablePointer<xmlChar>?) throws -> String {
            let p = try #require(p)
            defer { rapport_xmlFree(p) }
            return String(cString: p)
        }
        #expect(try string(xmlGetProp(root, "a")) == original)
        #expect(try string(xmlNodeGetContent(root)) == original)
    }
}
