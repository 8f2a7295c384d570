/// The values a page template sees, as dictionaries and arrays made in one pass.
///
/// swift-mustache looks a key up in a struct through `Mirror`, scanning every stored property
/// for each `{{key}}` and again for each level of the context stack it climbs: on the form
/// page that was three quarters of the time to serve it. `flatten` reflects each value once
/// and gives the template `[String: Any]`s, which it reads directly (`MustacheParent`). What
/// the template sees is the same: a nil optional is a missing key either way (the lookup
/// climbs the stack), arrays stay arrays (sections, `empty(…)`), strings, numbers and
/// booleans stay what they are.
enum MustacheValues {
    static func flatten(_ value: Any) -> Any {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct, .class:
            var dictionary: [String: Any] = [:]
            for child in mirror.children {
                guard let label = child.label, let value = unwrap(child.value) else { continue }
                dictionary[label] = flatten(value)
            }
            return dictionary
        case .optional:
            return mirror.children.first.map { flatten($0.value) } ?? value
        case .collection:
            return mirror.children.map { flatten($0.value) }
        default:
            return value
        }
    }

    /// The value an optional holds; `nil` for `nil`.
    private static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}
