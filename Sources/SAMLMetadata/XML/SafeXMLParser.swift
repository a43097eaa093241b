import CLibXML2
import Foundation

/// Parses untrusted XML with libxml2 so that nothing outside the given bytes is ever read.
///
/// - The size is checked before parsing.
/// - `XML_PARSE_NONET`, and a process-wide loader that refuses every external entity (``LibXML2``).
/// - A SAX `internalSubset` hook stops the parser at `<!DOCTYPE name …`, before `[` is read, so no entity or DTD
///   declaration is ever seen; entity substitution (`XML_PARSE_NOENT`) and DTD loading or validation
///   (`XML_PARSE_DTDLOAD`, `DTDATTR`, `DTDVALID`) are never enabled.
/// - No `XML_PARSE_HUGE` (libxml2 keeps its 256-level depth limit) and no `XML_PARSE_RECOVER`; any error-level
///   report refuses the document, so a truncated document is an error, never a partial tree.
/// - Errors are captured per parse through the context's structured-error hook, so they carry libxml2's line and
///   message and nothing is printed to stderr.
///
/// Each call owns its own parser context, so parses may run concurrently from any number of tasks.
enum SafeXMLParser {
    /// Parses `data` and calls `body` with the root element; the tree is freed when `body` returns.
    ///
    /// - Throws: ``SAMLMetadataError`` of kind `tooLarge`, `doctypeNotAllowed` or `malformedXML`,
    ///   or whatever `body` throws.
    static func withDocument<Result>(
        _ data: Data,
        maximumBytes: Int,
        _ body: (ElementNode) throws(SAMLMetadataError) -> Result
    ) throws(SAMLMetadataError) -> Result {
        let limit = min(maximumBytes, Int(Int32.max))
        guard data.count <= limit else {
            throw SAMLMetadataError(
                kind: .tooLarge, message: "file is \(data.count) bytes; the limit is \(limit) bytes")
        }
        guard !data.isEmpty else {
            throw SAMLMetadataError(kind: .malformedXML, message: "document is empty")
        }
        LibXML2.prepare()

        let diagnostics = ParseDiagnostics()
        let parsed = withExtendedLifetime(diagnostics) {
            data.withUnsafeBytes { bytes in
                parse(bytes, diagnostics: diagnostics)
            }
        }
        guard let document = parsed.document else {
            throw diagnostics.error()
        }
        defer { xmlFreeDoc(document) }
        if diagnostics.doctypeLine != nil || diagnostics.firstError != nil || !parsed.wellFormed {
            throw diagnostics.error()
        }
        guard let root = xmlDocGetRootElement(document) else {
            throw SAMLMetadataError(kind: .malformedXML, message: "document has no root element")
        }
        return try body(ElementNode(node: root))
    }

    private static func parse(
        _ bytes: UnsafeRawBufferPointer,
        diagnostics: ParseDiagnostics
    ) -> (document: xmlDocPtr?, wellFormed: Bool) {
        guard let base = bytes.baseAddress,
            let context = xmlCreateMemoryParserCtxt(base.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        else {
            return (nil, false)
        }
        defer { xmlFreeParserCtxt(context) }

        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue))
        // Defaults come from libxml2's per-thread globals, which other code on this thread may have changed.
        context.pointee.replaceEntities = 0
        context.pointee.loadsubset = 0
        context.pointee.validate = 0
        context.pointee._private = Unmanaged.passUnretained(diagnostics).toOpaque()
        guard let sax = context.pointee.sax else { return (nil, false) }
        sax.pointee.internalSubset = { userData, _, _, _ in
            guard let context = userData?.assumingMemoryBound(to: xmlParserCtxt.self) else { return }
            ParseDiagnostics.of(context).doctypeLine = Int(context.pointee.input?.pointee.line ?? 0)
            xmlStopParser(context)
        }
        sax.pointee.serror = { userData, error in
            guard let context = userData?.assumingMemoryBound(to: xmlParserCtxt.self), let error else { return }
            ParseDiagnostics.of(context).record(error.pointee)
        }

        xmlParseDocument(context)
        let document = context.pointee.myDoc
        context.pointee.myDoc = nil
        return (document, context.pointee.wellFormed != 0)
    }
}

/// What one parse reported through libxml2's hooks. Reached from C callbacks via the context's `_private` pointer;
/// used only on the thread running that parse.
private final class ParseDiagnostics {
    var doctypeLine: Int?
    var firstError: (line: Int, message: String)?

    static func of(_ context: xmlParserCtxtPtr) -> ParseDiagnostics {
        Unmanaged<ParseDiagnostics>.fromOpaque(context.pointee._private).takeUnretainedValue()
    }

    /// Keeps the first error or fatal error; warnings (e.g. a relative namespace URI) do not make a document unusable.
    func record(_ error: xmlError) {
        guard firstError == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.message.map { String(cString: $0) } ?? "libxml2 error \(error.code)"
        firstError = (Int(error.line), message.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The error to report: the DOCTYPE first (libxml2 reports nothing after the stop), then libxml2's first error.
    func error() -> SAMLMetadataError {
        if let doctypeLine {
            return SAMLMetadataError(
                kind: .doctypeNotAllowed, line: doctypeLine,
                message: "DOCTYPE is not allowed in SAML metadata (possible entity expansion or XXE attack)")
        }
        if let firstError {
            return SAMLMetadataError(
                kind: .malformedXML, line: firstError.line, message: "XML parse error: \(firstError.message)")
        }
        return SAMLMetadataError(kind: .malformedXML, message: "document is not well-formed XML")
    }
}
