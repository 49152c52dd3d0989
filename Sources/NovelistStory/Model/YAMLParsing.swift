import Yams

/// Yams' parser, told its encoding and its resolver. Left to its default, every `Yams.compose` reads the whole
/// process environment (`ProcessInfo.environment`, for `YAMS_DEFAULT_ENCODING`): a fifth of opening a
/// 300-chapter story went there (issue 19).
enum YAMLParsing {
    /// Every plain value is a string (Yams' basic resolver): novelist reads text and numbers (`Node.int` parses
    /// the text), never YAML's implicit types, and the default resolver compiles a dozen regular expressions
    /// the first time it is used (9 M instructions) and runs them on every value.
    static func compose(_ yaml: String) throws -> Node? {
        try Yams.compose(yaml: yaml, .basic, .default, .utf8)
    }
}
