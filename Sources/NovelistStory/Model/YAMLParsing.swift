import Yams

/// Yams' parser, told its encoding. Left to its default, every `Yams.compose` reads the whole process
/// environment (`ProcessInfo.environment`, for `YAMS_DEFAULT_ENCODING`): a fifth of opening a 300-chapter
/// story went there (issue 19).
enum YAMLParsing {
    /// - Parameter typed: false: every plain value is a string (Yams' basic resolver, no regular expressions).
    static func compose(_ yaml: String, typed: Bool = true) throws -> Node? {
        try Yams.compose(yaml: yaml, typed ? .default : .basic, .default, .utf8)
    }
}
