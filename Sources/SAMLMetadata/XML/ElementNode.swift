import CLibXML2

/// An element's expanded name: namespace URI and local name. Elements are matched by this, never by prefix.
struct QName: Hashable {
    let namespace: String
    let localName: String
}

/// A borrowed view of one element of a libxml2 tree.
///
/// It holds a raw node pointer, so it is valid only inside the `body` closure of
/// ``SafeXMLParser/withDocument(_:maximumBytes:_:)``, which frees the tree when the closure returns.
struct ElementNode {
    let node: xmlNodePtr

    /// The local name, without prefix.
    var localName: String {
        String(cString: node.pointee.name)
    }

    /// The namespace URI the element's prefix (or the default namespace) resolves to; `nil` when it has none.
    var namespaceURI: String? {
        node.pointee.ns.map { String(cString: $0.pointee.href) }
    }

    /// The `{namespace}localName` form used in error messages, e.g. `{urn:oasis:names:tc:SAML:2.0:protocol}Response`.
    var expandedName: String {
        namespaceURI.map { "{\($0)}\(localName)" } ?? localName
    }

    /// The 1-based line of the start tag (libxml2 records it; `XML_PARSE_BIG_LINES` keeps it exact past 65535).
    var line: Int {
        Int(xmlGetLineNo(node))
    }

    func matches(_ name: QName) -> Bool {
        localName == name.localName && namespaceURI == name.namespace
    }

    /// The child elements in document order; text, comments and processing instructions are skipped.
    var children: [ElementNode] {
        var result: [ElementNode] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                result.append(ElementNode(node: current))
            }
            child = current.pointee.next
        }
        return result
    }

    func children(_ name: QName) -> [ElementNode] {
        children.filter { $0.matches(name) }
    }

    /// The value of the attribute `name` in `namespace` (`nil`: an unprefixed attribute), or `nil` when absent.
    func attribute(_ name: String, namespace: String? = nil) -> String? {
        var attribute = node.pointee.properties
        while let current = attribute {
            let attributeNamespace = current.pointee.ns.map { String(cString: $0.pointee.href) }
            if attributeNamespace == namespace, String(cString: current.pointee.name) == name {
                return Self.text(of: current.pointee.children)
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// The element's own character data: its text and CDATA children joined, without descendants or comments.
    var text: String {
        Self.text(of: node.pointee.children)
    }

    /// The namespace URI that `prefix` (`nil`: the default namespace) has in scope at this element,
    /// for QName-valued attributes such as `xsi:type`.
    func namespaceURI(forPrefix prefix: String?) -> String? {
        xmlSearchNs(node.pointee.doc, node, prefix).map { String(cString: $0.pointee.href) }
    }

    private static func text(of firstChild: xmlNodePtr?) -> String {
        var result = ""
        var child = firstChild
        while let current = child {
            if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE,
                let content = current.pointee.content
            {
                result += String(cString: content)
            }
            child = current.pointee.next
        }
        return result
    }
}
