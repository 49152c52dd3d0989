import Yams

/// Yams' parser, told its encoding. Left to its default, every `Yams.compose` reads the whole process
/// environment (`ProcessInfo.environment`, for `YAMS_DEFAULT_ENCODING`): a fifth of opening a 300-chapter
/// story went there (issue 19).
enum YAMLParsing {
    static func compose(_ yaml: String) throws -> Node? {
        try Yams.compose(yaml: yaml, .default, .default, .utf8)
    }
}
