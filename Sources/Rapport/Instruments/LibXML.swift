import CLibXML2

/// Process-wide libxml2 set-up and the compiled format-1 schema.
///
/// Hardening, in the order a hostile file meets it (see docs/instrument-format.md):
/// 1. `xmlInitParser()` once, then a deny-all external entity loader for the whole
///    process: no DTD, entity, `xs:include` or XInclude can make libxml2 open a file or URL.
/// 2. Parser options are only `NONET | BIG_LINES | NOCDATA`: never `NOENT`, `HUGE`,
///    `DTDLOAD`, `DTDVALID` or `XINCLUDE`.
/// 3. The SAX `internalSubset` callback stops the parser at `<!DOCTYPE`, before any
///    entity declaration is read (``InstrumentLoader``).
/// 4. Errors go to per-context structured handlers, never the per-thread global one.
enum LibXML {
    /// Call before any libxml2 use; idempotent and thread-safe (a `static let`).
    static func initialize() { _ = initialized }

    private static let initialized: Bool = {
        xmlInitParser()
        xmlSetExternalEntityLoader(denyExternalEntity)
        return true
    }()

    /// The compiled `instrument.xsd`, shared by every thread (libxml2 allows one compiled
    /// schema with one validation context per thread). `nil` only if the embedded schema
    /// itself were broken, which `InstrumentSchemaTests` rules out.
    static let schema: CompiledSchema? = {
        initialize()
        return CompiledSchema(xsd: BuiltinInstruments.schema)
    }()
}

/// Refuses every external entity, DTD or schema include: returns no input.
private func denyExternalEntity(
    _ url: UnsafePointer<CChar>?, _ id: UnsafePointer<CChar>?, _ ctxt: xmlParserCtxtPtr?
) -> xmlParserInputPtr? {
    nil
}

/// A compiled XSD, shared by every thread that validates a definition.
///
/// `@unchecked Sendable` rests on the condition under which libxml2 documents a compiled
/// schema as safe to share across threads: nobody changes it, and each validation uses its
/// own `xmlSchemaValidCtxt`. Both hold by construction here: the schema pointer is a private
/// `let` that leaves this type only inside ``validate(_:sink:)``, which makes a fresh context
/// for every call and frees it before returning, and libxml2 has no call that changes a
/// parsed schema. The pointer is freed once, in `deinit`, after the last call.
final class CompiledSchema: @unchecked Sendable {
    private let pointer: xmlSchemaPtr

    init?(xsd: String) {
        var bytes = Array(xsd.utf8)
        let sink = XMLErrorSink()
        let parsed: xmlSchemaPtr? = bytes.withUnsafeMutableBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                guard let pctxt = xmlSchemaNewMemParserCtxt(chars.baseAddress, Int32(chars.count)) else {
                    return nil
                }
                defer { xmlSchemaFreeParserCtxt(pctxt) }
                let unmanaged = Unmanaged.passUnretained(sink)
                xmlSchemaSetParserStructuredErrors(pctxt, xmlSinkHandler, unmanaged.toOpaque())
                let schema = xmlSchemaParse(pctxt)
                withExtendedLifetime(sink) {}
                return schema
            }
        }
        guard let parsed else { return nil }
        pointer = parsed
    }

    deinit { xmlSchemaFree(pointer) }

    /// Validates `doc` with a validation context of its own, reporting into `sink`.
    /// - Returns: libxml2's status (0 valid, > 0 invalid, < 0 internal error), or `nil` when no
    ///   context could be allocated.
    func validate(_ doc: xmlDocPtr, sink: XMLErrorSink) -> Int32? {
        guard let vctxt = xmlSchemaNewValidCtxt(pointer) else { return nil }
        defer { xmlSchemaFreeValidCtxt(vctxt) }
        let unmanagedSink = Unmanaged.passRetained(sink)
        defer { unmanagedSink.release() }
        xmlSchemaSetValidStructuredErrors(vctxt, xmlSinkHandler, unmanagedSink.toOpaque())
        return xmlSchemaValidateDoc(vctxt, doc)
    }
}

/// Collects libxml2's structured errors for one parse or validation.
final class XMLErrorSink {
    struct Entry {
        var level: xmlErrorLevel
        var domain: Int32
        var code: Int32
        var line: Int
        var column: Int
        var message: String
    }
    /// Enough to act on; a hostile file could otherwise produce millions.
    static let limit = 100
    var entries: [Entry] = []
    /// Set when the parser met `<!DOCTYPE` (line, column).
    var doctype: (line: Int, column: Int)?

    func record(_ error: UnsafePointer<xmlError>) {
        guard entries.count < Self.limit else { return }
        let e = error.pointee
        var message = e.message.map { String(cString: $0) } ?? "unknown XML error"
        while message.last?.isNewline == true || message.last == " " { message.removeLast() }
        entries.append(Entry(level: e.level, domain: e.domain, code: e.code,
                             line: Int(e.line), column: Int(e.int2), message: message))
    }
}

/// Structured-error callback whose user pointer is an unretained `XMLErrorSink`.
let xmlSinkHandler: xmlStructuredErrorFunc = { user, error in
    guard let user, let error else { return }
    Unmanaged<XMLErrorSink>.fromOpaque(user).takeUnretainedValue().record(error)
}

/// Structured-error callback for a parser context: libxml2 passes the context itself,
/// whose `_private` holds the unretained `XMLErrorSink`.
let xmlParserSinkHandler: xmlStructuredErrorFunc = { ctx, error in
    guard let ctx, let error else { return }
    let ctxt = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let sink = ctxt.pointee._private else { return }
    Unmanaged<XMLErrorSink>.fromOpaque(sink).takeUnretainedValue().record(error)
}

/// SAX `internalSubset`: fires at `<!DOCTYPE name …` before any declaration inside it is
/// read. Records the place and stops the parser, so no entity is ever defined or expanded.
let xmlRefuseDoctype: internalSubsetSAXFunc = { ctx, _, _, _ in
    guard let ctx else { return }
    let ctxt = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
    if let sink = ctxt.pointee._private {
        let s = Unmanaged<XMLErrorSink>.fromOpaque(sink).takeUnretainedValue()
        if s.doctype == nil {
            s.doctype = (Int(xmlSAX2GetLineNumber(ctx)), Int(xmlSAX2GetColumnNumber(ctx)))
        }
    }
    xmlStopParser(ctxt)
}
