import CLibXML2

/// The process-wide libxml2 settings this module relies on, applied exactly once.
///
/// libxml2 2.9 keeps the external-entity loader in a process global (there is no per-context loader before 2.14),
/// and `xmlInitParser` must run before parsers are used from several threads. Swift runs a `static let` initializer
/// once, thread-safely, so every parse calls ``prepare()`` first and the set-up happens on the first one.
/// Other libxml2 users in the same process (FoundationXML) also get the refusing loader: nothing they could load
/// would be wanted in a service that handles identity-provider metadata.
enum LibXML2 {
    /// Initializes libxml2 and installs ``refuseExternalEntity`` as the loader, once per process.
    static func prepare() {
        _ = prepared
    }

    private static let prepared: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader(refuseExternalEntity)
    }()
}

/// An external-entity loader that loads nothing: no file, no URL, no DTD, whatever the document asks for.
/// The DOCTYPE hook already stops a parse before a declaration can be read; this is the second wall.
private func refuseExternalEntity(
    _ url: UnsafePointer<CChar>?,
    _ publicID: UnsafePointer<CChar>?,
    _ context: xmlParserCtxtPtr?
) -> xmlParserInputPtr? {
    nil
}
