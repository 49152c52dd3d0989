import NovelistText

/// Base URLs as writers paste them: with or without `/v1`, a trailing slash, or the whole `/chat/completions`.
package enum BaseURL {
    package static func normalize(_ raw: String) -> String? {
        var url = raw.trimmingWhitespace()
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { return nil }
        while url.hasSuffix("/") { url.removeLast() }
        for suffix in ["/chat/completions", "/completions", "/models"] where url.hasSuffix(suffix) {
            url.removeLast(suffix.count)
            while url.hasSuffix("/") { url.removeLast() }
        }
        let afterScheme = url.drop(while: { $0 != ":" }).dropFirst(3)
        guard let host = afterScheme.split(separator: "/").first, !host.isEmpty else { return nil }
        if !afterScheme.contains("/") { url += "/v1" }
        return url
    }

    /// The host of a URL, for messages: `api.deepseek.com` or `127.0.0.1:8080`.
    package static func host(_ url: String) -> String {
        let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? url[...]
        return String(afterScheme.split(separator: "/").first ?? afterScheme)
    }

    /// True for localhost, 127.0.0.0/8 and ::1.
    package static func isLoopback(_ url: String) -> Bool {
        var host = host(url)
        if host.hasPrefix("[") { return host.hasPrefix("[::1]") }
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        if host == "localhost" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127"
            && octets.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }
    }
}
