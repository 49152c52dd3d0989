import Foundation
import NovelistTesting
import Testing

@testable import NovelistLLM
@testable import NovelistText

/// Issue 14: a failed request is data (its reason and facts), and `message` is its one renderer.
@Suite("Client errors as data")
struct ClientErrorTests {
    static let chat = "https://api.example.com/v1/chat/completions"
    static let models = "https://api.example.com/v1/models"

    /// Each reason built from its facts, with the kind it sorts into and the whole English text.
    static let cases: [(ClientError, ClientError.Kind, String)] = [
        (
            ClientError(.connectionRefused, url: chat), .connectionRefused,
            "Could not connect to api.example.com (\(chat)): connection refused. Is the server running, and is the port right?"
        ),
        (
            ClientError(.dnsFailure, url: chat), .dnsFailure,
            "Could not find the host api.example.com (\(chat)): DNS lookup failed. Check the spelling of the base URL and your network or proxy (https_proxy)."
        ),
        (
            ClientError(.tlsFailure(detail: "SSL certificate problem"), url: chat), .tlsFailure,
            "Could not make a secure connection to api.example.com (\(chat)): SSL certificate problem. Check the URL (http vs https), your clock, or a proxy that intercepts TLS."
        ),
        (
            ClientError(.connectTimeout, url: chat), .connectTimeout,
            "Connecting to api.example.com (\(chat)) timed out. Check your network or proxy, or raise NOVELIST_CONNECT_TIMEOUT."
        ),
        (
            ClientError(.idleTimeout(seconds: 90), url: chat), .idleTimeout,
            "api.example.com (\(chat)) sent nothing for 90 s, so novelist gave up. The server may be overloaded; try again, or raise NOVELIST_IDLE_TIMEOUT."
        ),
        (ClientError(.cancelled, url: chat), .cancelled, "Cancelled."),
        (ClientError(.cancelledWhileWaiting), .cancelled, "Cancelled while waiting to retry. Nothing was sent again."),
        (
            ClientError(.connectionBroke(detail: "Recv failure: Connection reset by peer"), url: chat), .connectionLost,
            "The connection to api.example.com (\(chat)) broke: Recv failure: Connection reset by peer. Try again."
        ),
        (ClientError(.requestFailed(detail: "curl 43"), url: chat), .connectionLost, "Request to \(chat) failed: curl 43."),
        (
            ClientError(.closedWithoutAnswer, url: chat), .connectionLost,
            "POST \(chat): the server closed the connection without an answer. Check that it is an OpenAI-compatible endpoint, then try again."
        ),
        (ClientError(.noHTTPAnswer, url: models, status: 0), .connectionLost, "\(models): no HTTP answer."),
        (
            ClientError(.unauthorized(.missing(variable: "DEEPSEEK_API_KEY")), url: chat, status: 401), .unauthorized,
            "api.example.com refused the request (401 Unauthorized, \(chat)). No API key is set: put it in DEEPSEEK_API_KEY (environment or .env)."
        ),
        (
            ClientError(
                .unauthorized(.rejected(masked: "…wxyz", variable: "OPENAI_API_KEY")), url: chat, status: 401,
                serverMessage: "Invalid API key"), .unauthorized,
            "api.example.com refused the request (401 Unauthorized, \(chat)). The key …wxyz from OPENAI_API_KEY was rejected; check it is current and belongs to api.example.com. The server said: Invalid API key"
        ),
        (
            ClientError(.forbidden(maskedKey: "…wxyz"), url: chat, status: 403), .forbidden,
            "api.example.com forbids this request (403 Forbidden, \(chat)). The key …wxyz may lack access to this model or region."
        ),
        (
            ClientError(.notFound(model: "gpt-x", offered: nil, modelsURL: models), url: chat, status: 404), .notFound,
            "\(chat) answered 404 Not Found: the base URL or the model name is wrong (model 'gpt-x'). The models list (\(models)) was unavailable too, so the base URL is the likely culprit (it should end in /v1). Use /model NAME or fix OPENAI_BASE_URL."
        ),
        (
            ClientError(.notFound(model: "gpt-x", offered: [], modelsURL: models), url: chat, status: 404), .notFound,
            "\(chat) answered 404 Not Found: the base URL or the model name is wrong (model 'gpt-x'). Use /model NAME or fix OPENAI_BASE_URL."
        ),
        (
            ClientError(.notFound(model: "gpt-x", offered: ["a", "b"], modelsURL: models), url: chat, status: 404), .notFound,
            "\(chat) answered 404 Not Found: the base URL or the model name is wrong (model 'gpt-x'). Models this server offers: a, b. Use /model NAME or fix OPENAI_BASE_URL."
        ),
        (
            ClientError(.contextLength(tokensSent: 140_000), url: chat, status: 400), .contextLength,
            "api.example.com says the request is longer than the model's context window (about 140000 tokens were sent, \(chat)). See /context for what is sent, and shorten the outline or the conversation (/clear)."
        ),
        (
            ClientError(.rateLimited, url: chat, status: 429, retryAfter: 7), .rateLimited,
            "api.example.com is rate-limiting requests (429 Too Many Requests, \(chat)). It asked to wait 7 s. Wait a little and try again, or check your plan's limits."
        ),
        (
            ClientError(.rateLimited, url: chat, status: 429), .rateLimited,
            "api.example.com is rate-limiting requests (429 Too Many Requests, \(chat)). Wait a little and try again, or check your plan's limits."
        ),
        (
            ClientError(.serverError, url: chat, status: 503, serverMessage: "overloaded"), .serverError,
            "api.example.com had an internal problem (503, \(chat)). This is the server's side; try again in a moment. The server said: overloaded"
        ),
        (
            ClientError(.htmlPage, url: chat, status: 502, serverMessage: "ignored"), .htmlPage,
            "\(chat) answered 502 with an HTML page instead of JSON: a proxy, a login page or a wrong base URL? The base URL should end in /v1."
        ),
        (ClientError(.otherStatus(body: "teapot"), url: chat, status: 418), .http, "\(chat) answered 418. Body: teapot"),
        (
            ClientError(.otherStatus(body: "{…}"), url: chat, status: 418, serverMessage: "I'm a teapot"), .http,
            "\(chat) answered 418. The server said: I'm a teapot"
        ),
        (
            ClientError(.unparsableJSON(snippet: "{\"choi"), url: chat, status: 200), .malformed,
            "POST \(chat): the server's JSON reply does not parse ({\"choi…). Is this an OpenAI-compatible endpoint?"
        ),
        (
            ClientError(.emptyReply, url: chat, status: 200), .malformed,
            "POST \(chat): the server answered 200 but sent no reply. Check the base URL (it should end in /v1) and the model name."
        ),
        (
            ClientError(.notAModelList, url: models, status: 200), .malformed,
            "GET \(models): the reply is not a model list. Is the base URL right?"
        ),
        (
            ClientError(.streamError, url: chat, status: 200, serverMessage: "model overloaded"), .streamError,
            "POST \(chat): the server reported an error: model overloaded. Try again, or /model to choose another model."
        )
    ]

    @Test("each reason renders from its facts, in English and in Chinese")
    func rendered() {
        for (error, kind, english) in Self.cases {
            #expect(error.kind == kind, "\(error.reason)")
            #expect(Messages.$scoped.withValue(.en) { error.message } == english)
            #expect(error.description == Messages.$scoped.withValue(.en) { error.message })
            let chinese = Messages.$scoped.withValue(.zh) { error.message }
            #expect(chinese != english, "\(error.reason) has its Chinese text")
            #expect(chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(chinese)")
            // The facts are in both texts.
            if !error.url.isEmpty && kind != .cancelled { #expect(chinese.contains(error.url), "\(chinese)") }
            if let s = error.serverMessage, kind != .htmlPage { #expect(chinese.contains(s), "\(chinese)") }
        }
    }

    @Test("the Chinese texts are the catalog's")
    func chinese() {
        let rejected = ClientError(
            .unauthorized(.rejected(masked: "…wxyz", variable: "OPENAI_API_KEY")), url: Self.chat, status: 401,
            serverMessage: "Invalid API key")
        #expect(
            Messages.$scoped.withValue(.zh) { rejected.message }
                == "api.example.com 拒绝了请求（401 Unauthorized，\(Self.chat)）。来自 OPENAI_API_KEY 的密钥 …wxyz 被拒绝了；请确认它仍然有效，并且属于 api.example.com。 服务器返回：Invalid API key"
        )
        let offered = ClientError(.notFound(model: "gpt-x", offered: ["a", "b"], modelsURL: Self.models), url: Self.chat, status: 404)
        let zh = Messages.$scoped.withValue(.zh) { offered.message }
        #expect(zh.contains("gpt-x") && zh.contains("a, b") && zh.contains(Self.chat), "\(zh)")
    }

    @Test("retrying depends on the kind; Retry-After is a fact of its own")
    func retryable() {
        #expect(ClientError(.rateLimited, url: Self.chat, status: 429, retryAfter: 3).isRetryable)
        #expect(ClientError(.serverError, url: Self.chat, status: 500).isRetryable)
        #expect(ClientError(.connectionBroke(detail: "x"), url: Self.chat).isRetryable)
        #expect(!ClientError(.unauthorized(.missing(variable: "K")), url: Self.chat, status: 401).isRetryable)
        #expect(!ClientError(.cancelledWhileWaiting).isRetryable)
    }

    static let key = "sk-canary-SECRET-0123456789"

    static func client(_ responses: [ScriptedTransport.Response], base: String = "https://api.example.com/v1") -> ChatClient {
        let endpoint = ChatEndpoint(
            baseURL: base, apiKey: key, keyVariable: "OPENAI_API_KEY", model: "gpt-x", headers: [:], retries: 1,
            connectTimeout: 5, idleTimeout: 5)
        return ChatClient(settings: endpoint, transport: ScriptedTransport(responses))
    }

    static func json(_ status: Int, _ object: String) -> ScriptedTransport.Response {
        ScriptedTransport.Response(status: status, contentType: "application/json", body: Array(object.utf8))
    }

    @Test(
        "no rendering holds the key, even when the server's message echoes it",
        arguments: [401, 403, 404, 429, 500, 418, 400])
    func keyNeverShown(status: Int) throws {
        let echo = "bad request: Authorization: Bearer \(Self.key) (context too long)"
        let client = Self.client([Self.json(status, #"{"error":{"message":"\#(echo)"}}"#), Self.json(200, #"{"data":[]}"#)])
        var caught: ClientError?
        do {
            _ = try client.stream(
                messages: [ChatMessage(role: "user", content: "hi")], options: .init(model: "gpt-x"), cancel: CancelToken()
            ) {
                _ in
            }
        } catch { caught = error }
        let error = try #require(caught)
        #expect(error.status == status)
        for language in InterfaceLanguage.allCases {
            let text = Messages.$scoped.withValue(language) { error.message }
            #expect(!text.contains(Self.key), "\(language): \(text)")
            #expect(!text.contains("SECRET-0123"), "\(language): \(text)")
        }
        #expect(error.serverMessage?.contains(Self.key) == false, "the data itself is masked")
        #expect(error.serverMessage?.contains("…6789") == true, "\(String(describing: error.serverMessage))")
    }

    @Test("a key in the base URL and in a body echoed by GET /models is masked too")
    func keyInURL() throws {
        let base = "https://api.example.com/v1?key=\(Self.key)"
        let client = Self.client([Self.json(418, #"{"note":"you sent \#(Self.key)"}"#)], base: base)
        let error = try #require(#expect(throws: ClientError.self) { try client.listModels() })
        #expect(error.kind == .http)
        for language in InterfaceLanguage.allCases {
            let text = Messages.$scoped.withValue(language) { error.message }
            #expect(!text.contains(Self.key), "\(language): \(text)")
            #expect(text.contains("api.example.com"), "\(text)")
        }
        let refused = try #require(#expect(throws: ClientError.self) { try client.listModels() })  // no response left
        #expect(refused.kind == .connectionRefused)
        #expect(!refused.message.contains(Self.key) && !refused.url.contains(Self.key), "\(refused.message)")
    }
}
