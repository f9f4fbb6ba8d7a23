import CLibXML2
import Foundation
import Testing
@testable import Rapport
import RapportStatistics

@Suite struct ReportHTMLTests {
    static let html = ReliabilityHTML.render(ReportSample.report(), histograms: [ReportSample.histogram()])

    /// Parses `text` with libxml2 (no network, no entity loading); returns the error messages.
    static func xmlErrors(_ text: String) -> [String] {
        var errors: [String] = []
        let bytes = Array(text.utf8)
        let ctxt = xmlNewParserCtxt()
        defer { xmlFreeParserCtxt(ctxt) }
        let doc = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                xmlCtxtReadMemory(ctxt, $0, Int32(buf.count), "report.html", "UTF-8",
                                  Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
            }
        }
        if let doc {
            xmlFreeDoc(doc)
        } else {
            let err = xmlCtxtGetLastError(ctxt)
            errors.append(err.map { "line \($0.pointee.line): " + String(cString: $0.pointee.message) } ?? "unparsable")
        }
        if let ctxt, ctxt.pointee.wellFormed == 0 && errors.isEmpty { errors.append("not well-formed") }
        return errors
    }

    @Test func isWellFormedXML() {
        #expect(Self.xmlErrors(Self.html) == [])
        // The check itself rejects broken markup.
        #expect(!Self.xmlErrors("<html><body><p>open</body></html>").isEmpty)
    }

    @Test func hasNoExternalReference() throws {
        let lower = Self.html.lowercased()
        #expect(!lower.contains("http"))
        #expect(!lower.contains("src="))
        #expect(!lower.contains("<script"))
        #expect(!lower.contains("@import"))
        #expect(!lower.contains("<link"))
        let hrefs = try Regex(#"href\s*=\s*"([^"]*)""#)
        for m in Self.html.matches(of: hrefs) {
            #expect(String(m.output[1].substring ?? "").hasPrefix("#"))
        }
        let urls = try Regex(#"url\(([^)]*)\)"#)
        for m in Self.html.matches(of: urls) {
            #expect(String(m.output[1].substring ?? "").hasPrefix("#"))
        }
    }

    @Test func everyChartIsTitledDescribedAndBackedByATable() throws {
        let svgs = Self.html.components(separatedBy: "<svg ").count - 1
        #expect(svgs == 2 * 3 + 1)   // 3 charts per scale, a histogram for one scale
        #expect(Self.html.components(separatedBy: "role=\"img\"").count - 1 == svgs)
        #expect(Self.html.components(separatedBy: "-title\">").count - 1 == svgs)
        #expect(Self.html.components(separatedBy: "-desc\">").count - 1 == svgs)
        #expect(Self.html.contains("<h3>Response frequencies</h3>"))
        #expect(Self.html.contains("<h3>Score distribution</h3>"))
        #expect(Self.html.contains("low alliance (10)"))
        #expect(Self.html.contains("<title>Band adequate</title>"))
        // Missing responses are drawn (hatched) and listed.
        #expect(Self.html.contains("url(#s0-dist-missing)"))
    }

    @Test func provenanceAndSentencesMatchTheMarkdown() {
        let r = ReportSample.report()
        for s in r.scales { #expect(Self.html.contains(XMLText.escape(s.apaSentence))) }
        #expect(Self.html.contains(String(repeating: "ab", count: 32)))
        #expect(!Self.html.contains("Generated"))
        #expect(ReliabilityHTML.render(r, stamp: "2026-11-26T16:00:00Z").contains("2026-11-26T16:00:00Z"))
    }

    @Test func sameReportSameBytes() {
        #expect(ReliabilityHTML.render(ReportSample.report(), histograms: [ReportSample.histogram()]) == Self.html)
    }

    @Test func hostileIdentifiersAreEscaped() {
        var r = ReportSample.report()
        r.scales[0].itemStatistics[0].id = "<b>&\"x\u{1}"
        r.scales[0].id = "</svg>"
        #expect(Self.xmlErrors(ReliabilityHTML.render(r)) == [])
    }
}
