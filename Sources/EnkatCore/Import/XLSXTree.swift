import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What reads one XML part of a workbook as it streams past: told of each element's start
/// and end, never given a tree. Names are local names (namespace prefixes dropped), so `x:row`
/// and `row` read the same; `depth` is 0 for the root element, 1 for its children and so on.
protocol XLSXPartHandler: AnyObject {
    /// An element starts. Returns whether its character data is wanted at its end.
    func start(_ name: String, depth: Int, attributes: [String: String]) throws(TableReadError) -> Bool
    /// An element ends; `text` is the character data directly inside it (not inside its
    /// children) when `start` asked for it, otherwise empty.
    func end(_ name: String, depth: Int, text: String) throws(TableReadError)
}

/// Streams one XML part through Foundation's `XMLParser` (SAX) to a handler.
///
/// Nothing is built but what the handler keeps, so memory follows the handler's content rather
/// than the part's element count, and nothing recurses: neither building nor tearing down
/// depends on how deeply the elements nest. The depth is still bounded (`XLSXLimits/depth`), so
/// that a part nested thousands deep is refused at once. External entities are never loaded.
enum XLSXPart {
    /// Parses `data`, the part `path` (named in messages), into `handler`. A handler's error
    /// stops the parse and is thrown as is; XML that is not well formed gives the line.
    static func parse(
        _ data: Data, path: String, limits: XLSXLimits, into handler: some XLSXPartHandler
    ) throws(TableReadError) {
        // From a stream, so that libxml2 is fed in chunks (128 kB in swift-corelibs-foundation):
        // given the whole part at once, it refuses a part of more than about 10 MB ("huge input
        // lookup") and holds a second copy of it.
        let parser = XMLParser(stream: InputStream(data: data))
        let delegate = Delegate(handler: handler, path: path, limits: limits)
        parser.delegate = delegate
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let parsed = parser.parse()
        if let failure = delegate.failure { throw failure }
        guard parsed, delegate.sawRoot else {
            throw TableReadError(
                LocalizedText(
                    sv: "delen \(path) är inte giltig XML (rad \(parser.lineNumber))",
                    en: "the part \(path) is not valid XML (line \(parser.lineNumber))"))
        }
    }

    /// A local name: what follows the last `:`.
    static func localName(_ name: String) -> String {
        guard let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")) else { return name }
        return String(name[name.utf8.index(after: colon)...])
    }

    private final class Delegate<Handler: XLSXPartHandler>: NSObject, XMLParserDelegate {
        let handler: Handler
        let path: String
        let limits: XLSXLimits
        /// The depth the next element starts at.
        var depth = 0
        /// The depth of the element whose text is being collected, if any.
        var capturing: Int?
        var text = ""
        var sawRoot = false
        var failure: TableReadError?

        init(handler: Handler, path: String, limits: XLSXLimits) {
            self.handler = handler
            self.path = path
            self.limits = limits
        }

        private func fail(_ parser: XMLParser, _ error: TableReadError) {
            failure = error
            parser.abortParsing()
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            guard failure == nil else { return }
            guard depth < limits.depth else {
                fail(parser, XLSXLimits.depthExceeded(path: path, limit: limits.depth))
                return
            }
            var attributes = attributeDict
            if attributeDict.keys.contains(where: { $0.utf8.contains(UInt8(ascii: ":")) }) {
                attributes = [:]
                for (key, value) in attributeDict {
                    let local = XLSXPart.localName(key)
                    // A plain attribute wins over a prefixed one with the same local name.
                    if attributes[local] == nil || local == key { attributes[local] = value }
                }
            }
            sawRoot = true
            do {
                if try handler.start(XLSXPart.localName(elementName), depth: depth, attributes: attributes), capturing == nil {
                    capturing = depth
                    text = ""
                }
            } catch {
                fail(parser, error)
                return
            }
            depth += 1
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard failure == nil else { return }
            depth -= 1
            var collected = ""
            if capturing == depth {
                collected = text
                text = ""
                capturing = nil
            }
            do {
                try handler.end(XLSXPart.localName(elementName), depth: depth, text: collected)
            } catch {
                fail(parser, error)
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if failure == nil, let capturing, capturing == depth - 1 { text += string }
        }

        func parser(_ parser: XMLParser, foundCDATA cdataBlock: Data) {
            if failure == nil, let capturing, capturing == depth - 1 { text += String(decoding: cdataBlock, as: UTF8.self) }
        }
    }
}
