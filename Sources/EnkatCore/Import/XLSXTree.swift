import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A small element tree of one XML part of a workbook, built with Foundation's `XMLParser`.
/// Names are local names (namespace prefixes dropped), so `x:row` and `row` read the same.
final class XLSXElement {
    let name: String
    let attributes: [String: String]
    var children: [XLSXElement] = []
    /// The character data directly inside this element.
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// The first child with a local name.
    func child(_ name: String) -> XLSXElement? { children.first { $0.name == name } }

    /// All children with a local name.
    func children(_ name: String) -> [XLSXElement] { children.filter { $0.name == name } }

    /// An attribute by local name.
    subscript(attribute: String) -> String? { attributes[attribute] }

    /// Parses a part; `nil` with the parser's message when it is not well-formed XML.
    static func parse(_ data: Data) -> Result<XLSXElement, XLSXTreeError> {
        let parser = XMLParser(data: data)
        let builder = Builder()
        parser.delegate = builder
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        guard parser.parse(), let root = builder.root else {
            let line = parser.lineNumber
            return .failure(XLSXTreeError(line: line, message: parser.parserError.map { "\($0.localizedDescription)" } ?? "invalid XML"))
        }
        return .success(root)
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XLSXElement?
        var stack: [XLSXElement] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            var attributes: [String: String] = [:]
            for (key, value) in attributeDict {
                let local = key.split(separator: ":").last.map(String.init) ?? key
                // A plain attribute wins over a prefixed one with the same local name.
                if attributes[local] == nil || !key.contains(":") { attributes[local] = value }
            }
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            let element = XLSXElement(name: local, attributes: attributes)
            if let parent = stack.last {
                parent.children.append(element)
            } else {
                root = element
            }
            stack.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, foundCDATA cdataBlock: Data) {
            stack.last?.text += String(decoding: cdataBlock, as: UTF8.self)
        }
    }
}

/// Why an XML part could not be read.
struct XLSXTreeError: Error {
    var line: Int
    var message: String
}
