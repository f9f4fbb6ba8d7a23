import Foundation
import Testing

/// Renders the HTML report of the bundled WAI-SR demo in a real browser (Debian's headless
/// `chromium`, installed by `.ci/run`) and checks that the page was laid out and painted.
@Suite struct ReportBrowserTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs chromium headless with `arguments`; returns (status, stdout).
    static func browser(_ arguments: [String], in dir: URL) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium!)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                       "--user-data-dir=\(dir.appendingPathComponent("profile").path)"] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: chromium != nil,
                   "chromium is not installed (apt-get install chromium; .ci/run installs it), so the browser render is skipped"))
    func demoReportRendersInHeadlessChromium() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("report.html")
        let r = try CLI.run(["reliability", "Datasets/wai-sr-2000.csv", "--instrument", "wai-sr", "-o", html.path])
        #expect(r.status == 0, "\(r.stderr)")

        // The browser's DOM after parsing: every chart is there as SVG.
        let (domStatus, dom) = try Self.browser(["--dump-dom", html.absoluteString], in: dir)
        #expect(domStatus == 0)
        let source = try String(contentsOf: html, encoding: .utf8)
        let svgs = source.components(separatedBy: "<svg ").count - 1
        #expect(svgs >= 4)
        #expect(dom.components(separatedBy: "<svg ").count - 1 == svgs)
        #expect(dom.contains("Cronbach's α = "))

        // The painted page: a PNG of the requested size with real content (a blank page of
        // this size is 9 KB as PNG).
        let png = dir.appendingPathComponent("report.png")
        let (shotStatus, _) = try Self.browser(["--window-size=1000,1800", "--screenshot=\(png.path)", html.absoluteString],
                                               in: dir)
        #expect(shotStatus == 0)
        let bytes = try [UInt8](Data(contentsOf: png))
        try #require(bytes.count > 24)
        #expect(Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let be32 = { (o: Int) in bytes[o..<o + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(be32(16) == 1000 && be32(20) == 1800)
        #expect(bytes.count > 40_000, "screenshot is only \(bytes.count) bytes; the page looks blank")
    }
}
