import Foundation

/// A text kept language-neutral until it is shown (issue 14): the English catalog key and its arguments,
/// each already formatted by its placeholder. `history.json` stores phrases, so a change made in a Chinese
/// session reads in English in an English one and the other way round. `Phrase("…", args)` takes the same
/// keys and arguments as `L("…", args)`; a test checks each key has its Chinese text.
package struct Phrase: Codable, Equatable, Sendable, CustomStringConvertible {
    package var key: String
    package var args: [String]

    package init(_ key: String, _ args: any CVarArg...) {
        self.key = key
        let specs = Self.specs(key)
        self.args = args.enumerated().map { i, arg in
            i < specs.count ? String(format: "%" + specs[i].spec, arg) : "\(arg)"
        }
    }

    /// A text that is the same in every language (a parser's own words): shown as it is.
    package init(verbatim text: String) {
        self.key = "%@"
        self.args = [text]
    }

    /// In the interface language.
    package var text: String { Self.fill(Messages.text(key), args) }
    /// In English, whatever the interface language.
    package var english: String { Self.fill(key, args) }
    package var description: String { text }

    nonisolated(unsafe) static let placeholder = try! NSRegularExpression(
        pattern: #"%(?:(\d+)\$)?([-+ 0#]*\d*(?:\.\d+)?(?:l|ll)?[@dfs])|%%"#)

    /// The placeholders of a format, in order: the argument each takes (0-based) and its conversion.
    static func specs(_ format: String) -> [(index: Int, spec: String, range: NSRange)] {
        let ns = format as NSString
        var next = 0
        var out: [(Int, String, NSRange)] = []
        for m in placeholder.matches(in: format, range: NSRange(location: 0, length: ns.length)) {
            guard m.range(at: 2).location != NSNotFound else {
                out.append((-1, "%", m.range))
                continue
            }
            let spec = ns.substring(with: m.range(at: 2))
            if m.range(at: 1).location != NSNotFound, let p = Int(ns.substring(with: m.range(at: 1))) {
                out.append((p - 1, spec, m.range))
            } else {
                out.append((next, spec, m.range))
                next += 1
            }
        }
        return out.filter { $0.0 >= 0 } + out.filter { $0.0 < 0 }
    }

    /// `format` with each placeholder replaced by its formatted argument, and `%%` by `%`.
    static func fill(_ format: String, _ args: [String]) -> String {
        let ns = format as NSString
        var out = ""
        var at = 0
        for (index, spec, range) in specs(format).sorted(by: { $0.range.location < $1.range.location }) {
            out += ns.substring(with: NSRange(location: at, length: range.location - at))
            out += spec == "%" ? "%" : (index < args.count ? args[index] : "")
            at = range.location + range.length
        }
        return out + ns.substring(from: at)
    }
}
