extension Character {
    /// Space, tab, CR or LF: the characters XML treats as whitespace (XML 1.0 §2.3 `S`).
    var isXMLWhitespace: Bool {
        self == " " || self == "\t" || self == "\n" || self == "\r" || self == "\r\n"
    }
}

extension String {
    /// Removes leading and trailing XML whitespace, as XML Schema's `collapse` facet does at the edges.
    func trimmingXMLWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isXMLWhitespace }),
            let last = lastIndex(where: { !$0.isXMLWhitespace })
        else { return "" }
        return String(self[first...last])
    }

    /// The string without any XML whitespace, e.g. base64 text broken across lines or by spaces.
    func removingXMLWhitespace() -> String {
        String(filter { !$0.isXMLWhitespace })
    }
}
