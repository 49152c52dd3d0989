import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

@Suite("Settings resolution")
struct SettingsResolverTests {
    func resolve(flags: [String: String] = [:], env: [String: String] = [:], dotenv: [String: String] = [:]) throws(SettingsError)
        -> Settings
    {
        try SettingsResolver.resolve(flags: flags, environment: env, dotenv: dotenv)
    }

    @Test("defaults when nothing is set")
    func defaults() throws {
        let s = try resolve()
        #expect(s.baseURL == "https://api.openai.com/v1")
        #expect(s.baseURL == Settings.defaultBaseURL)
        #expect(s.apiKey == nil)
        #expect(s.keyVariable == "OPENAI_API_KEY")
        #expect(s.model == nil)
        #expect(s.provider == nil)
        #expect(s.storiesDir == "stories")
        #expect(s.story == nil)
        #expect(s.headers.isEmpty)
        #expect(s.temperature == nil)
        #expect(s.maxTokens == nil)
        #expect(s.retries == 4)
        #expect(s.connectTimeout == 10)
        #expect(s.idleTimeout == 120)
        #expect(s.priceInput == nil && s.priceOutput == nil)
        #expect(s.endpointConfigured == false)
        #expect(s.maskedKey == "(none)")
    }

    @Test("flags beat the environment")
    func flagsBeatEnvironment() throws {
        let s = try resolve(
            flags: ["NOVELIST_MODEL": "from-flag", "OPENAI_BASE_URL": "https://flag.example/v1"],
            env: ["NOVELIST_MODEL": "from-env", "OPENAI_BASE_URL": "https://env.example/v1"],
            dotenv: ["NOVELIST_MODEL": "from-dotenv"])
        #expect(s.model == "from-flag")
        #expect(s.baseURL == "https://flag.example/v1")
    }

    @Test("the environment beats .env")
    func environmentBeatsDotenv() throws {
        let s = try resolve(
            env: ["NOVELIST_MODEL": "from-env", "OPENAI_API_KEY": "sk-env-0000001111"],
            dotenv: ["NOVELIST_MODEL": "from-dotenv", "OPENAI_API_KEY": "sk-dotenv-22223333"])
        #expect(s.model == "from-env")
        #expect(s.apiKey == "sk-env-0000001111")
    }

    @Test(".env beats the provider preset")
    func dotenvBeatsPreset() throws {
        let s = try resolve(
            env: ["NOVELIST_PROVIDER": "deepseek"],
            dotenv: ["NOVELIST_MODEL": "deepseek-reasoner", "OPENAI_BASE_URL": "https://proxy.example/v1"])
        #expect(s.model == "deepseek-reasoner")
        #expect(s.baseURL == "https://proxy.example/v1")
        #expect(s.provider == "deepseek")
    }

    @Test("the provider preset beats the defaults")
    func presetBeatsDefaults() throws {
        let s = try resolve(dotenv: ["NOVELIST_PROVIDER": "deepseek"])
        #expect(s.baseURL == "https://api.deepseek.com/v1")
        #expect(s.model == "deepseek-chat")
        #expect(s.keyVariable == "DEEPSEEK_API_KEY")
        #expect(s.endpointConfigured)
    }

    @Test("an empty value does not hide a lower layer")
    func emptyValuesSkipped() throws {
        let s = try resolve(flags: ["NOVELIST_MODEL": ""], env: ["NOVELIST_MODEL": "from-env"])
        #expect(s.model == "from-env")
    }

    @Test("OPENAI_API_BASE is read when OPENAI_BASE_URL is absent, and normalized")
    func apiBaseAlias() throws {
        #expect(try resolve(env: ["OPENAI_API_BASE": "https://api.deepseek.com"]).baseURL == "https://api.deepseek.com/v1")
        let both = try resolve(env: ["OPENAI_API_BASE": "https://old.example/v1", "OPENAI_BASE_URL": "https://new.example/v1"])
        #expect(both.baseURL == "https://new.example/v1")
    }

    @Test(
        "provider presets",
        arguments: [
            ("deepseek", "https://api.deepseek.com/v1", "deepseek-chat", "DEEPSEEK_API_KEY"),
            ("DeepSeek", "https://api.deepseek.com/v1", "deepseek-chat", "DEEPSEEK_API_KEY"),
            ("qwen", "https://dashscope.aliyuncs.com/compatible-mode/v1", "qwen-plus", "DASHSCOPE_API_KEY"),
            ("openrouter", "https://openrouter.ai/api/v1", "deepseek/deepseek-chat", "OPENROUTER_API_KEY"),
            ("ollama", "http://127.0.0.1:11434/v1", nil, "OPENAI_API_KEY")
        ])
    func presets(name: String, url: String, model: String?, keyVariable: String) throws {
        let s = try resolve(env: ["NOVELIST_PROVIDER": name])
        #expect(s.baseURL == url)
        #expect(s.model == model)
        #expect(s.keyVariable == keyVariable)
        #expect(s.provider == name.lowercased())
    }

    @Test("a provider's key comes from its own variable, falling back to OPENAI_API_KEY")
    func providerKey() throws {
        let own = try resolve(env: ["NOVELIST_PROVIDER": "deepseek", "DEEPSEEK_API_KEY": "sk-deepseek-1234"])
        #expect(own.apiKey == "sk-deepseek-1234")
        let fallback = try resolve(env: ["NOVELIST_PROVIDER": "deepseek", "OPENAI_API_KEY": "sk-openai-5678"])
        #expect(fallback.apiKey == "sk-openai-5678")
        let sameLayer = try resolve(env: [
            "NOVELIST_PROVIDER": "deepseek", "DEEPSEEK_API_KEY": "sk-deepseek-1234", "OPENAI_API_KEY": "sk-openai-5678"
        ])
        #expect(sameLayer.apiKey == "sk-deepseek-1234")
        let viaDotenv = try resolve(dotenv: ["NOVELIST_PROVIDER": "deepseek", "DEEPSEEK_API_KEY": "sk-deepseek-1234"])
        #expect(viaDotenv.apiKey == "sk-deepseek-1234")
    }

    @Test("a provider's own key in .env is not overridden by a generic OPENAI_API_KEY in the environment")
    func providerKeyAcrossLayers() throws {
        // Writers often export OPENAI_API_KEY in their shell for other tools and keep DEEPSEEK_API_KEY in .env.
        // The OpenAI key must not be sent to DeepSeek when a DeepSeek key is configured.
        let s = try resolve(
            env: ["OPENAI_API_KEY": "sk-openai-5678"],
            dotenv: ["NOVELIST_PROVIDER": "deepseek", "DEEPSEEK_API_KEY": "sk-deepseek-1234"])
        #expect(s.apiKey == "sk-deepseek-1234")
    }

    @Test("an unknown provider is an error that lists the known ones")
    func unknownProvider() {
        #expect(throws: SettingsError.unknownProvider("anthropic-ish")) {
            try resolve(env: ["NOVELIST_PROVIDER": "anthropic-ish"])
        }
        let message = SettingsError.unknownProvider("x").description
        for p in Provider.all { #expect(message.contains(p.name)) }
    }

    @Test("numbers are parsed, with surrounding spaces allowed")
    func numbers() throws {
        let s = try resolve(env: [
            "NOVELIST_TEMPERATURE": " 0.7 ", "NOVELIST_MAX_TOKENS": "4096", "NOVELIST_RETRIES": "0",
            "NOVELIST_CONNECT_TIMEOUT": "5", "NOVELIST_IDLE_TIMEOUT": "300",
            "NOVELIST_PRICE_INPUT": "0.27", "NOVELIST_PRICE_OUTPUT": "1.1"
        ])
        #expect(s.temperature == 0.7)
        #expect(s.maxTokens == 4096)
        #expect(s.retries == 0)
        #expect(s.connectTimeout == 5)
        #expect(s.idleTimeout == 300)
        #expect(s.priceInput == 0.27)
        #expect(s.priceOutput == 1.1)
    }

    @Test(
        "a number variable that is not a number is an error",
        arguments: [
            ("NOVELIST_TEMPERATURE", "hot"), ("NOVELIST_TEMPERATURE", "0,7"), ("NOVELIST_MAX_TOKENS", "1e3"),
            ("NOVELIST_RETRIES", "three"), ("NOVELIST_IDLE_TIMEOUT", "2.5")
        ])
    func badNumber(variable: String, value: String) {
        #expect(throws: SettingsError.badNumber(variable: variable, value: value)) {
            try resolve(env: [variable: value])
        }
    }

    @Test("a base URL that is not http(s) is an error")
    func badBaseURL() {
        #expect(throws: SettingsError.badBaseURL("ftp://x")) { try resolve(flags: ["OPENAI_BASE_URL": "ftp://x"]) }
    }

    @Test("NOVELIST_HEADERS: 'Name: value; Other: value' or one per line")
    func headers() throws {
        let s = try resolve(env: ["NOVELIST_HEADERS": "X-Title: novelist; HTTP-Referer: https://example.com/app;"])
        #expect(s.headers == ["X-Title": "novelist", "HTTP-Referer": "https://example.com/app"])
        let lines = try resolve(env: ["NOVELIST_HEADERS": "A: 1\nB:2"])
        #expect(lines.headers == ["A": "1", "B": "2"])
    }

    @Test("malformed NOVELIST_HEADERS is an error", arguments: ["no colon here", ": value", "A: 1; garbage"])
    func badHeaders(raw: String) {
        #expect(throws: SettingsError.badHeaders(raw)) { try resolve(env: ["NOVELIST_HEADERS": raw]) }
    }

    @Test("other settings are passed through")
    func passthrough() throws {
        let s = try resolve(flags: ["NOVELIST_STORY": "雾港来信"], env: ["NOVELIST_STORIES_DIR": "/tmp/books"])
        #expect(s.story == "雾港来信")
        #expect(s.storiesDir == "/tmp/books")
    }

    @Test("maskedKey never shows more than the last four characters")
    func maskedKey() throws {
        let key = "test-0123456789abcdefWXYZ"
        let s = try resolve(env: ["OPENAI_API_KEY": key])
        #expect(s.maskedKey == "…WXYZ")
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-_雾港")
        var rng = SplitMix64(seed: 42)
        for length in 0...64 {
            let key = String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
            var settings = s
            settings.apiKey = key
            let masked = settings.maskedKey
            if key.isEmpty {
                #expect(masked == "(none)")
                continue
            }
            #expect(masked.hasPrefix("…"))
            let shown = masked.dropFirst()
            #expect(shown.count <= 4, "\(masked) for a key of \(length)")
            #expect(key.hasSuffix(shown))
            if length <= 8 { #expect(shown.isEmpty, "short keys show nothing at all") }
        }
    }

    @Test("endpointConfigured says whether anything besides defaults chose the server")
    func endpointConfigured() throws {
        #expect(try resolve().endpointConfigured == false)
        #expect(try resolve(env: ["NOVELIST_MODEL": "m", "NOVELIST_STORY": "s"]).endpointConfigured == false)
        #expect(try resolve(flags: ["OPENAI_BASE_URL": "http://127.0.0.1:8080"]).endpointConfigured)
        #expect(try resolve(dotenv: ["OPENAI_API_KEY": "sk-x"]).endpointConfigured)
        #expect(try resolve(env: ["NOVELIST_PROVIDER": "ollama"]).endpointConfigured)
    }
}

@Suite(".env files")
struct DotEnvTests {
    @Test("comments, export, quotes, inline comments, blank lines; malformed lines ignored")
    func parse() {
        let text = """
            # novelist settings
            export OPENAI_API_KEY=test-abc123

            NOVELIST_MODEL="deepseek-chat"
            NOVELIST_STORY='雾港来信'
            NOVELIST_PROVIDER=deepseek # the cheap one
               NOVELIST_TEMPERATURE = 0.8
            QUOTED_HASH="a # b"
            URL_WITH_FRAGMENT=http://x.example/#frag
            ESCAPES="line1\\nline2 \\"quoted\\""
            SINGLE='keep\\nliteral'
            EMPTY=
            this line has no equals sign
            =no-key
            BAD KEY=x
            BAD-KEY=y
            """
        let env = DotEnv.parse(text)
        #expect(
            env == [
                "OPENAI_API_KEY": "test-abc123",
                "NOVELIST_MODEL": "deepseek-chat",
                "NOVELIST_STORY": "雾港来信",
                "NOVELIST_PROVIDER": "deepseek",
                "NOVELIST_TEMPERATURE": "0.8",
                "QUOTED_HASH": "a # b",
                "URL_WITH_FRAGMENT": "http://x.example/#frag",
                "ESCAPES": "line1\nline2 \"quoted\"",
                "SINGLE": "keep\\nliteral",
                "EMPTY": ""
            ])
    }

    @Test("CRLF files and a value with = in it")
    func crlf() {
        let env = DotEnv.parse("A=1\r\nB=x=y\r\n\r\n# c\r\n")
        #expect(env == ["A": "1", "B": "x=y"])
    }

    @Test("the last definition wins")
    func lastWins() {
        #expect(DotEnv.parse("A=1\nA=2") == ["A": "2"])
    }

    @Test("an empty file")
    func empty() {
        #expect(DotEnv.parse("").isEmpty)
        #expect(DotEnv.parse("\n\n# only comments\n").isEmpty)
    }
}

@Suite("Base URLs")
struct BaseURLTests {
    @Test(
        "base URLs as writers paste them are normalized",
        arguments: [
            ("https://api.deepseek.com", "https://api.deepseek.com/v1"),
            ("https://api.deepseek.com/", "https://api.deepseek.com/v1"),
            ("https://api.deepseek.com/v1", "https://api.deepseek.com/v1"),
            ("https://api.deepseek.com/v1/", "https://api.deepseek.com/v1"),
            ("https://api.deepseek.com/v1/chat/completions", "https://api.deepseek.com/v1"),
            ("https://api.deepseek.com/v1/chat/completions/", "https://api.deepseek.com/v1"),
            ("https://api.deepseek.com/chat/completions", "https://api.deepseek.com/v1"),
            ("https://api.openai.com/v1/models", "https://api.openai.com/v1"),
            ("https://dashscope.aliyuncs.com/compatible-mode/v1", "https://dashscope.aliyuncs.com/compatible-mode/v1"),
            ("https://openrouter.ai/api/v1", "https://openrouter.ai/api/v1"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080/v1"),
            ("  http://localhost:11434/v1  ", "http://localhost:11434/v1")
        ])
    func normalize(raw: String, normalized: String) {
        #expect(BaseURL.normalize(raw) == normalized)
        #expect(BaseURL.normalize(normalized) == normalized, "normalizing is idempotent")
    }

    @Test("what is not an http(s) URL is rejected", arguments: ["ftp://x", "api.deepseek.com", "", "https://", "file:///etc"])
    func rejects(raw: String) {
        #expect(BaseURL.normalize(raw) == nil)
    }

    @Test(
        "host",
        arguments: [
            ("https://api.deepseek.com/v1", "api.deepseek.com"),
            ("http://127.0.0.1:8080/v1", "127.0.0.1:8080"),
            ("http://[::1]:8080/v1", "[::1]:8080"),
            ("https://openrouter.ai", "openrouter.ai")
        ])
    func host(url: String, host: String) {
        #expect(BaseURL.host(url) == host)
    }

    @Test(
        "loopback",
        arguments: [
            ("http://localhost:11434/v1", true), ("http://127.0.0.1:8080/v1", true), ("http://127.1.2.3/v1", true),
            ("http://[::1]:8080/v1", true), ("http://localhost/v1", true),
            ("https://api.openai.com/v1", false), ("http://192.168.1.5:8080/v1", false),
            ("http://localhost.example.com/v1", false), ("http://[2001:db8::1]/v1", false), ("http://10.0.0.1/v1", false)
        ])
    func loopback(url: String, loopback: Bool) {
        #expect(BaseURL.isLoopback(url) == loopback)
    }

    @Test("a DNS name that merely starts with 127. is not loopback")
    func dnsNameStartingWith127() {
        // App.swift skips the "key over plain http" warning for loopback hosts.
        #expect(BaseURL.isLoopback("http://127.example.com/v1") == false)
    }
}
