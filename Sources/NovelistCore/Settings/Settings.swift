import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// A provider preset: where it lives, a sensible default model, and which variable holds its key.
package struct Provider: Equatable, Sendable {
    package var name: String
    package var baseURL: String
    package var defaultModel: String?
    package var keyVariable: String

    package static let all: [Provider] = [
        Provider(name: "deepseek", baseURL: "https://api.deepseek.com/v1", defaultModel: "deepseek-chat", keyVariable: "DEEPSEEK_API_KEY"),
        Provider(name: "openai", baseURL: "https://api.openai.com/v1", defaultModel: "gpt-4o-mini", keyVariable: "OPENAI_API_KEY"),
        Provider(
            name: "qwen", baseURL: "https://dashscope.aliyuncs.com/compatible-mode/v1", defaultModel: "qwen-plus",
            keyVariable: "DASHSCOPE_API_KEY"),
        Provider(name: "moonshot", baseURL: "https://api.moonshot.cn/v1", defaultModel: "moonshot-v1-32k", keyVariable: "MOONSHOT_API_KEY"),
        Provider(
            name: "openrouter", baseURL: "https://openrouter.ai/api/v1", defaultModel: "deepseek/deepseek-chat",
            keyVariable: "OPENROUTER_API_KEY"),
        Provider(name: "ollama", baseURL: "http://127.0.0.1:11434/v1", defaultModel: nil, keyVariable: "OPENAI_API_KEY"),
        Provider(name: "llamacpp", baseURL: "http://127.0.0.1:8080/v1", defaultModel: nil, keyVariable: "OPENAI_API_KEY")
    ]

    package static func named(_ name: String) -> Provider? {
        all.first { $0.name == name.lowercased() }
    }
}

/// Everything novelist is configured with. Resolved once at start; the key is only ever shown masked.
package struct Settings: Sendable, Equatable {
    package var baseURL: String
    package var apiKey: String?
    package var keyVariable: String
    package var model: String?
    package var provider: String?
    package var storiesDir: String
    package var story: String?
    package var headers: [String: String]
    package var temperature: Double?
    package var maxTokens: Int?
    package var retries: Int
    package var connectTimeout: Int
    package var idleTimeout: Int
    package var priceInput: Double?
    package var priceOutput: Double?
    /// The model's context window as novelist budgets it (NOVELIST_CONTEXT_TOKENS).
    package var contextTokens: Int
    /// Where novelist keeps its own data: history of input lines, token calibration (XDG_DATA_HOME/novelist).
    package var dataDir: String?
    /// The settings the writer gave explicitly (flag, environment or .env), by variable name: a story's
    /// own model settings in story.yaml apply only where these are silent.
    package var explicit: Set<String> = []
    /// The models of /summarize and /check (NOVELIST_SUMMARY_MODEL, NOVELIST_CHECK_MODEL, else story.yaml's
    /// `models:`); nil: the default model.
    package var summaryModel: String?
    package var checkModel: String?
    /// Requests at once in batch work (`/summarize all`, `/check all`): NOVELIST_CONCURRENCY, 1 to 16.
    package var concurrency = BatchPlan.defaultConcurrency
    /// True when neither a base URL nor a key came from anywhere (only defaults): `make run` then finds a local server.
    package var endpointConfigured: Bool

    package static let defaultBaseURL = "https://api.openai.com/v1"

    /// The key as it may be shown: at most its last four characters.
    package var maskedKey: String {
        endpoint.maskedKey
    }

    /// Secrets the base URL itself carries (a `?key=…` query value, a password): masked like the key.
    package var urlSecrets: [String] { endpoint.urlSecrets }

    /// The base URL as it may be shown: each secret in it as at most its last four characters.
    package var displayBaseURL: String { endpoint.displayBaseURL }
}

package enum SettingsError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownProvider(String)
    case badNumber(variable: String, value: String)
    case badBaseURL(String)
    case badHeaders(String)
    case credentialsInURL

    package var description: String {
        switch self {
        case .unknownProvider(let p):
            return L("Unknown provider '%@'. Choose one of: %@.", p, Provider.all.map(\.name).joined(separator: ", "))
        case .badNumber(let variable, let value):
            return L("%@ must be a number, not '%@'.", variable, value)
        case .badBaseURL(let url):
            return L("The base URL '%@' is not an http:// or https:// URL. Example: https://api.deepseek.com/v1", url)
        case .credentialsInURL:
            return L("The base URL must not hold a user name or password; put the key in OPENAI_API_KEY (or the provider's key variable).")
        case .badHeaders(let v):
            // The value is not echoed: a header often carries a secret.
            _ = v
            return L("NOVELIST_HEADERS must look like 'Name: value; Other: value'.")
        }
    }
}

package enum SettingsResolver {
    /// Resolves settings. Most specific wins: `flags` > `environment` > `dotenv` > provider preset > defaults.
    /// `flags` uses the variable names (`OPENAI_BASE_URL`, `NOVELIST_MODEL`, …) as keys.
    package static func resolve(flags: [String: String], environment: [String: String], dotenv: [String: String]) throws(SettingsError)
        -> Settings
    {
        func value(_ names: String...) -> String? {
            for source in [flags, environment, dotenv] {
                for name in names {
                    if let v = source[name], !v.isEmpty { return v }
                }
            }
            return nil
        }
        func number<T: LosslessStringConvertible>(_ name: String, _: T.Type) throws(SettingsError) -> T? {
            guard let v = value(name) else { return nil }
            guard let n = T(v.trimmingWhitespace()) else { throw .badNumber(variable: name, value: v) }
            return n
        }

        var provider: Provider?
        if let name = value("NOVELIST_PROVIDER") {
            guard let p = Provider.named(name) else { throw .unknownProvider(name) }
            provider = p
        }
        let explicitURL = value("OPENAI_BASE_URL", "OPENAI_API_BASE")
        let rawURL = explicitURL ?? provider?.baseURL ?? Settings.defaultBaseURL
        guard let baseURL = BaseURL.normalize(rawURL) else { throw .badBaseURL(rawURL) }
        if BaseURL.host(baseURL).contains("@") { throw .credentialsInURL }
        let keyVariable = provider?.keyVariable ?? "OPENAI_API_KEY"
        // The provider's own key wins over a generic OPENAI_API_KEY from any layer.
        let apiKey = value(keyVariable) ?? value("OPENAI_API_KEY")
        var headers: [String: String] = [:]
        if let raw = value("NOVELIST_HEADERS") {
            for part in raw.split(whereSeparator: { $0 == ";" || $0 == "\n" }) where !part.trimmingWhitespace().isEmpty {
                let pieces = part.split(separator: ":", maxSplits: 1)
                guard pieces.count == 2, !pieces[0].trimmingWhitespace().isEmpty else { throw .badHeaders(raw) }
                headers[pieces[0].trimmingWhitespace()] = pieces[1].trimmingWhitespace()
            }
        }
        var settings = Settings(
            baseURL: baseURL,
            apiKey: apiKey,
            keyVariable: keyVariable,
            model: value("NOVELIST_MODEL") ?? provider?.defaultModel,
            provider: provider?.name,
            storiesDir: value("NOVELIST_STORIES_DIR") ?? "stories",
            story: value("NOVELIST_STORY"),
            headers: headers,
            temperature: try number("NOVELIST_TEMPERATURE", Double.self),
            maxTokens: try number("NOVELIST_MAX_TOKENS", Int.self),
            retries: try number("NOVELIST_RETRIES", Int.self) ?? 4,
            connectTimeout: try number("NOVELIST_CONNECT_TIMEOUT", Int.self) ?? 10,
            idleTimeout: try number("NOVELIST_IDLE_TIMEOUT", Int.self) ?? 120,
            priceInput: try number("NOVELIST_PRICE_INPUT", Double.self),
            priceOutput: try number("NOVELIST_PRICE_OUTPUT", Double.self),
            contextTokens: try number("NOVELIST_CONTEXT_TOKENS", Int.self) ?? 8000,
            dataDir: (environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["HOME"].map { $0 + "/.local/share" })
                .map { $0 + "/novelist" },
            endpointConfigured: explicitURL != nil || provider != nil || value("OPENAI_API_KEY") != nil)
        settings.summaryModel = value("NOVELIST_SUMMARY_MODEL")
        settings.checkModel = value("NOVELIST_CHECK_MODEL")
        settings.concurrency = BatchPlan.concurrency(try number("NOVELIST_CONCURRENCY", Int.self))
        settings.explicit = Set(
            ["NOVELIST_MODEL", "NOVELIST_TEMPERATURE", "NOVELIST_MAX_TOKENS", "NOVELIST_CONTEXT_TOKENS"].filter { value($0) != nil })
        return settings
    }
}

/// `.env` files: `KEY=value` lines, `export KEY=value`, `#` comments, single or double quotes.
package enum DotEnv {
    package static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for raw in text.split(whereSeparator: \.isNewline) {
            var line = raw.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingWhitespace() }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingWhitespace()
            var value = line[line.index(after: eq)...].trimmingWhitespace()
            if let q = value.first, q == "\"" || q == "'", value.count >= 2, value.last == q {
                value = String(value.dropFirst().dropLast())
                if q == "\"" { value = value.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\\"", with: "\"") }
            } else if let hash = value.range(of: " #") {
                value = value[..<hash.lowerBound].trimmingWhitespace()
            }
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { continue }
            result[key] = value
        }
        return result
    }
}
