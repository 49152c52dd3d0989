import Foundation
import NovelistText

/// What a server says about itself beyond the OpenAI API, for `/doctor`: the context window llama.cpp
/// (`GET /props`) and Ollama (`POST /api/show`) report. Servers that report nothing give nil.
extension ChatClient {
    /// The server's root: the base URL without its trailing `/v1`.
    var serverRoot: String {
        settings.baseURL.hasSuffix("/v1") ? String(settings.baseURL.dropLast(3)) : settings.baseURL
    }

    /// The context window in tokens and where it was read.
    package func reportedContextWindow(model: String, cancel: CancelToken) -> (tokens: Int, source: String)? {
        if let props = json("GET", serverRoot + "/props", body: nil, cancel: cancel) {
            let settings = props["default_generation_settings"] as? [String: Any]
            if let n = (settings?["n_ctx"] as? Int) ?? (props["n_ctx"] as? Int), n > 0 { return (n, "llama.cpp /props") }
        }
        let body = (try? JSONSerialization.data(withJSONObject: ["model": model])).map { [UInt8]($0) }
        if let show = json("POST", serverRoot + "/api/show", body: body, cancel: cancel),
            let info = show["model_info"] as? [String: Any]
        {
            for (key, value) in info where key.hasSuffix(".context_length") {
                if let n = value as? Int, n > 0 { return (n, "Ollama /api/show") }
            }
        }
        return nil
    }

    /// One small JSON request; nil on any failure (these endpoints are optional).
    private func json(_ method: String, _ url: String, body: [UInt8]?, cancel: CancelToken) -> [String: Any]? {
        var bytes: [UInt8] = []
        let request = HTTPRequest(
            method: method, url: url, headers: headers, body: body, connectTimeout: settings.connectTimeout, idleTimeout: 10)
        guard
            let head = try? transport.perform(
                request, cancel: cancel,
                onBody: { _, chunk in
                    bytes.append(contentsOf: chunk)
                    return bytes.count < 1_000_000
                }), (200..<300).contains(head.status)
        else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
    }
}
