import Foundation
import NovelistText

/// What the chat client needs to know of the configuration: where the endpoint is, how to authenticate,
/// which model, and how patient to be. The core builds it from its `Settings`.
package struct ChatEndpoint: Sendable, Equatable {
    package var baseURL: String
    package var apiKey: String?
    /// The variable the key came from (named in messages, never its value).
    package var keyVariable: String
    package var model: String?
    package var headers: [String: String]
    package var retries: Int
    package var connectTimeout: Int
    package var idleTimeout: Int

    package init(
        baseURL: String, apiKey: String?, keyVariable: String, model: String?, headers: [String: String],
        retries: Int, connectTimeout: Int, idleTimeout: Int
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.keyVariable = keyVariable
        self.model = model
        self.headers = headers
        self.retries = retries
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
    }

    /// The key as it may be shown: at most its last four characters.
    package var maskedKey: String {
        guard let apiKey, !apiKey.isEmpty else { return L("(none)") }
        return apiKey.count <= 8 ? "…" : "…" + apiKey.suffix(4)
    }

    /// Secrets the base URL itself carries (a `?key=…` query value, a password): masked like the key.
    package var urlSecrets: [String] {
        guard let c = URLComponents(string: baseURL) else { return [] }
        return ((c.queryItems ?? []).compactMap(\.value) + [c.password].compactMap { $0 }).filter { !$0.isEmpty }
    }

    /// The base URL as it may be shown: each secret in it as at most its last four characters.
    package var displayBaseURL: String {
        urlSecrets.sorted { $0.count > $1.count }.reduce(baseURL) { url, secret in
            url.replacingOccurrences(of: secret, with: secret.count <= 8 ? "…" : "…" + secret.suffix(4))
        }
    }
}
