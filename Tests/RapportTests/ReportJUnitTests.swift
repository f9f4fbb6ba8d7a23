import Foundation
import Testing
@testable import Rapport

@Suite struct ReportJUnitTests {
    @Test func countsAndOutcomesParse() throws {
        let report = JUnitReport(name: "rapport check", cases: [
            .init(classname: "check.task", name: "min-alpha"),
            .init(classname: "check.task", name: "max-missing-rate",
                  outcome: .failure(type: "max-missing-rate", message: "missing rate 0.12 > 0.10", detail: "a < b & c")),
            .init(classname: "check", name: "input", outcome: .error(type: "unreadable", message: "x", detail: "y"),
                  output: "note\u{0}"),
        ])
        let xml = report.xml()
        #expect(ReportHTMLTests.xmlErrors(xml) == [])
        #expect(xml.contains("<testsuites name=\"rapport check\" tests=\"3\" failures=\"1\" errors=\"1\">"))
        #expect(xml.contains("<testcase classname=\"check.task\" name=\"min-alpha\"/>"))
        #expect(xml.contains("<failure type=\"max-missing-rate\" message=\"missing rate 0.12 &gt; 0.10\">a &lt; b &amp; c</failure>"))
        #expect(xml.contains("<system-out>note</system-out>"))
    }
}
