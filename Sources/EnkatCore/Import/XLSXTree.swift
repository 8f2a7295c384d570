import Foundation

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

/// Streams one XML part through `XMLReader` to a handler.
///
/// Nothing is built but what the handler keeps, so memory follows the handler's content rather
/// than the part's element count, and nothing recurses: neither building nor tearing down
/// depends on how deeply the elements nest. The depth is still bounded (`XLSXLimits/depth`), so
/// that a part nested thousands deep is refused at once. No entity but XML's five is known, and
/// a part with a document type declaration is refused as not valid XML.
enum XLSXPart {
    /// Parses `data`, the part `path` (named in messages), into `handler`. A handler's error
    /// stops the parse and is thrown as is; XML that is not well formed gives the line.
    static func parse(
        _ data: Data, path: String, limits: XLSXLimits, into handler: some XLSXPartHandler
    ) throws(TableReadError) {
        var reader: XMLReader
        do {
            reader = try XMLReader(Array(data))
        } catch {
            throw notXML(path: path, error)
        }
        /// The depth the next element starts at.
        var depth = 0
        /// The depth of the element whose text is being collected, if any.
        var capturing: Int?
        var text = ""
        reader.reportsText = false
        while let event = try next(&reader, path: path) {
            switch event {
            case .start(let name, let attributeList):
                guard depth < limits.depth else { throw XLSXLimits.depthExceeded(path: path, limit: limits.depth) }
                var attributes: [String: String] = [:]
                for attribute in attributeList {
                    let local = localName(attribute.name)
                    // A plain attribute wins over a prefixed one with the same local name.
                    if attributes[local] == nil || local == attribute.name { attributes[local] = attribute.value }
                }
                if try handler.start(localName(name), depth: depth, attributes: attributes), capturing == nil {
                    capturing = depth
                    text = ""
                }
                depth += 1
            case .end(let name):
                depth -= 1
                var collected = ""
                if capturing == depth {
                    collected = text
                    text = ""
                    capturing = nil
                }
                try handler.end(localName(name), depth: depth, text: collected)
            case .text(let string):
                text += string
            }
            // Text is made a string only directly inside the element being collected.
            reader.reportsText = capturing != nil && capturing == depth - 1
        }
    }

    private static func next(_ reader: inout XMLReader, path: String) throws(TableReadError) -> XMLReader.Event? {
        do {
            return try reader.next()
        } catch {
            throw notXML(path: path, error)
        }
    }

    private static func notXML(path: String, _ error: XMLReader.SyntaxError) -> TableReadError {
        TableReadError(
            LocalizedText(
                sv: "delen \(path) är inte giltig XML (rad \(error.line))",
                en: "the part \(path) is not valid XML (line \(error.line))"))
    }

    /// A local name: what follows the last `:`.
    static func localName(_ name: String) -> String {
        guard let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")) else { return name }
        return String(name[name.utf8.index(after: colon)...])
    }
}
