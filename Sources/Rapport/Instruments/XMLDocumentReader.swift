import CLibXML2

/// Parses, checks the root of, schema-validates and decodes one definition with libxml2.
/// Kept apart from Foundation: libxml2's headers and Foundation's ICU clash in one file.
enum XMLDocumentReader {
    enum Outcome {
        case decoded(InstrumentDecoder.Decoded)
        case failure([InstrumentError])
    }

    static let namespace = InstrumentLoader.namespace
    static let formatVersion = InstrumentLoader.formatVersion

    static func read(source: SourceText, file: String) -> Outcome {
        LibXML.initialize()
        let sink = XMLErrorSink()
        guard let ctxt = xmlNewParserCtxt() else {
            return .failure([InstrumentError(code: .malformed, file: file,
                                             message: "libxml2 could not allocate a parser")])
        }
        defer { xmlFreeParserCtxt(ctxt) }
        let unmanagedSink = Unmanaged.passRetained(sink)
        defer { unmanagedSink.release() }
        ctxt.pointee._private = unmanagedSink.toOpaque()
        ctxt.pointee.sax.pointee.serror = xmlParserSinkHandler
        ctxt.pointee.sax.pointee.internalSubset = xmlRefuseDoctype

        // Never NOENT, HUGE, DTDLOAD, DTDVALID or XINCLUDE.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue
                            | XML_PARSE_NOCDATA.rawValue)
        let doc: xmlDocPtr? = source.bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(ctxt, chars.baseAddress, Int32(chars.count), nil, nil, options)
            }
        }
        defer { if let doc { xmlFreeDoc(doc) } }

        if let at = sink.doctype {
            return .failure([InstrumentError(
                code: .doctype, file: file, line: at.line, column: source.column(of: "<!DOCTYPE", line: at.line),
                message: "<!DOCTYPE …> is not allowed in an instrument definition (a DTD can define entities or load external files); delete the DOCTYPE declaration")])
        }
        guard let doc, ctxt.pointee.wellFormed != 0 else {
            return .failure([parseError(sink: sink, file: file)])
        }
        guard let root = xmlDocGetRootElement(doc) else {
            return .failure([InstrumentError(code: .malformed, file: file, message: "the document has no root element")])
        }
        if let e = rootProblem(root, source: source, file: file) { return .failure([e]) }

        guard let schema = LibXML.schema else {
            return .failure([InstrumentError(code: .schema, file: file,
                                             message: "Rapport's built-in schema failed to compile (a bug; please report it)")])
        }
        let schemaSink = XMLErrorSink()
        guard let status = schema.validate(doc, sink: schemaSink) else {
            return .failure([InstrumentError(code: .schema, file: file, message: "libxml2 could not allocate a validator")])
        }
        if status != 0 {
            var errors = schemaSink.entries.filter { $0.level.rawValue >= XML_ERR_ERROR.rawValue }.map {
                schemaError($0, source: source, file: file)
            }
            if errors.isEmpty {
                errors = [InstrumentError(code: .schema, file: file,
                                          message: "the definition does not follow instrument.xsd")]
            }
            return .failure(errors)
        }
        var decoder = InstrumentDecoder(source: source, file: file)
        do throws(InstrumentError) {
            return .decoded(try decoder.decode(root))
        } catch {
            return .failure([error])
        }
    }

    private static func parseError(sink: XMLErrorSink, file: String) -> InstrumentError {
        let fatal = sink.entries.first { $0.level.rawValue >= XML_ERR_ERROR.rawValue }
        guard let e = fatal else {
            return InstrumentError(code: .malformed, file: file, message: "not well-formed XML")
        }
        let line = e.line > 0 ? e.line : nil
        let column = e.column > 0 ? e.column : nil
        if e.message.contains("Excessive depth") || e.message.contains("depth") && e.message.contains("XML_PARSE_HUGE") {
            return InstrumentError(code: .tooDeep, file: file, line: line, column: column,
                                   message: "elements are nested more than 256 deep; an instrument definition needs fewer than 10 levels — this file is not a definition or is built to exhaust the parser")
        }
        if e.code == Int32(XML_ERR_INVALID_ENCODING.rawValue) || e.code == Int32(XML_ERR_UNSUPPORTED_ENCODING.rawValue) {
            return InstrumentError(code: .encoding, file: file, line: line, column: column,
                                   message: "\(e.message); instrument definitions must be UTF-8")
        }
        return InstrumentError(code: .malformed, file: file, line: line, column: column,
                               message: "not well-formed XML: \(e.message)")
    }

    private static func rootProblem(_ root: xmlNodePtr, source: SourceText, file: String) -> InstrumentError? {
        let name = String(cString: root.pointee.name)
        let href = root.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) }
        let (line, column) = source.place(ofElement: name, line: Int(xmlGetLineNo(root)))
        guard name == "instrument", href == namespace else {
            let found = href.map { "{\($0)}\(name)" } ?? "\(name) (no namespace)"
            var hint = ""
            if name == "instrument", let href, href.hasPrefix("https://rapport.dev/ns/instrument/") {
                hint = " — this namespace belongs to another format version than the one this Rapport reads"
            }
            return InstrumentError(code: .namespace, file: file, line: line, column: column,
                                   message: "the root element is \(found); expected <instrument xmlns=\"\(namespace)\" formatVersion=\"1\">\(hint)")
        }
        guard let raw = xmlGetNoNsProp(root, "formatVersion") else {
            return InstrumentError(code: .formatVersion, file: file, line: line, column: column,
                                   message: "the instrument has no formatVersion attribute; add formatVersion=\"\(formatVersion)\"")
        }
        let version = String(cString: raw).trimmedXMLSpace
        rapport_xmlFree(raw)
        guard version == formatVersion else {
            return InstrumentError(code: .formatVersion, file: file, line: line, column: column,
                                   message: "formatVersion \"\(version)\" is not supported; this Rapport reads format version \(formatVersion)")
        }
        return nil
    }

    private static func schemaError(_ e: XMLErrorSink.Entry, source: SourceText, file: String) -> InstrumentError {
        var message = e.message.replacing("{\(namespace)}", with: "")
        // "Element 'item', attribute 'number': …" → find the element for the column.
        var line = e.line > 0 ? e.line : nil
        var column: Int?
        if let r = message.firstRange(of: "Element '"), let l = line {
            let name = message[r.upperBound...].prefix { $0 != "'" }
            (line, column) = source.place(ofElement: String(name), line: l)
        }
        if message.hasSuffix(".") { message.removeLast() }
        return InstrumentError(code: .schema, file: file, line: line, column: column,
                               message: "does not follow instrument.xsd: \(message)")
    }
}

extension String {
    /// Without leading and trailing XML white space (space, tab, CR, LF).
    var trimmedXMLSpace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
