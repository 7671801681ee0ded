import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An SVG text parsed with Foundation's XML parser: every element with its attributes and
/// text, in document order, so tests can count paths and read labels. Parsing fails (nil) on
/// anything that is not well-formed XML.
struct SVGDocument {
    struct Element {
        let name: String
        let attributes: [String: String]
        var text: String
        /// The names of the enclosing elements, outermost first.
        let ancestors: [String]
        /// The `class` attributes of the enclosing elements.
        let ancestorClasses: [String]
    }

    let elements: [Element]

    init?(_ text: String) {
        let parser = XMLParser(data: Data(text.utf8))
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse(), collector.failed == false else { return nil }
        elements = collector.elements
    }

    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }
    func all(_ name: String, inClass className: String) -> [Element] {
        elements.filter { $0.name == name && $0.ancestorClasses.contains(className) }
    }
    func all(_ name: String, class className: String) -> [Element] {
        elements.filter { $0.name == name && ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(className)) }
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var stack: [(name: String, className: String, index: Int)] = []
        var failed = false

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            elements.append(
                Element(
                    name: name, attributes: attributes, text: "", ancestors: stack.map(\.name),
                    ancestorClasses: stack.map(\.className)))
            stack.append((name, attributes["class"] ?? "", elements.count - 1))
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let top = stack.last { elements[top.index].text += string }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { failed = true }
    }
}

/// The numbers of an SVG path's `d` attribute, as (x, y) pairs.
func pathPoints(_ d: String) -> [(Double, Double)] {
    let numbers = d.split(whereSeparator: { "ML ".contains($0) }).compactMap { Double($0) }
    return stride(from: 0, to: numbers.count - 1, by: 2).map { (numbers[$0], numbers[$0 + 1]) }
}
