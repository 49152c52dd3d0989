import Foundation
import NovelistText

/// Talks to an OpenAI-compatible endpoint: streams chat completions, lists models, retries what can be retried.
public struct ChatClient: Sendable {
    public var settings: ChatEndpoint
    public let transport: any HTTPTransport
    /// Sleeps for up to `seconds`, returning false when cancelled first. Replaced in tests.
    public var sleep: @Sendable (Double, CancelToken) -> Bool
    public var now: @Sendable () -> Double
    /// A pause shared with the other requests of a batch (nil: this client waits only for itself).
    public var gate: RequestGate?

    public init(settings: ChatEndpoint, transport: any HTTPTransport) {
        self.settings = settings
        self.transport = transport
        self.sleep = { seconds, cancel in
            let end = Date().timeIntervalSince1970 + seconds
            while Date().timeIntervalSince1970 < end {
                if cancel.isCancelled { return false }
                usleep(20_000)
            }
            return !cancel.isCancelled
        }
        self.now = { Date().timeIntervalSince1970 }
    }

    public var chatURL: String { settings.baseURL + "/chat/completions" }
    public var modelsURL: String { settings.baseURL + "/models" }

    var headers: [HTTPHeader] {
        var h = [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Accept", "text/event-stream, application/json")]
        if let key = settings.apiKey, !key.isEmpty { h.append(HTTPHeader("Authorization", "Bearer \(key)")) }
        for (name, value) in settings.headers.sorted(by: { $0.key < $1.key }) { h.append(HTTPHeader(name, value)) }
        return h
    }

    /// The JSON body of a streamed chat request.
    public static func requestBody(messages: [ChatMessage], options: ChatRequestOptions) -> [UInt8] {
        var body: [String: Any] = [
            "model": options.model,
            "messages": messages.map { ["role": $0.role, "content": $0.content] },
            "stream": true,
            "stream_options": ["include_usage": true]
        ]
        if let t = options.temperature { body["temperature"] = t }
        if let m = options.maxTokens { body["max_tokens"] = m }
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Array(data)
    }

    /// Streams one chat completion, retrying failures before the first byte of the reply.
    public func stream(
        messages: [ChatMessage], options: ChatRequestOptions, cancel: CancelToken,
        onEvent: (ClientEvent) -> Void
    ) throws(ClientError) -> ChatReply {
        let attempts = max(1, settings.retries)
        let deadline = now() + 300
        var attempt = 1
        while true {
            if let gate {
                // A pause any request of the batch was asked for holds for this one too.
                var wait = gate.wait(at: now())
                while wait > 0 {
                    guard sleep(wait, cancel) else {
                        throw ClientError(kind: .cancelled, message: L("Cancelled while waiting to retry. Nothing was sent again."))
                    }
                    wait = gate.wait(at: now())
                }
            }
            do {
                var reply = try streamOnce(messages: messages, options: options, cancel: cancel, onEvent: onEvent)
                if case .cut(let why) = reply.ending { reply.ending = .cut(redact(why)) }
                return reply
            } catch {
                let error = redacted(error)
                guard error.isRetryable, attempt < attempts else { throw error }
                let wait: Double
                if let after = error.retryAfter {
                    wait = Double(after)
                } else {
                    wait = Double.random(in: 0...min(30, pow(2, Double(attempt))))  // full jitter
                }
                guard now() + wait < deadline, wait <= 120 else { throw error }
                onEvent(.waiting(attempt: attempt + 1, of: attempts, seconds: wait, reason: error.message))
                if let gate, error.retryAfter != nil {
                    gate.close(until: now() + wait)  // the whole batch waits; the loop's top waits it out
                    attempt += 1
                    continue
                }
                guard sleep(wait, cancel) else {
                    throw ClientError(kind: .cancelled, message: L("Cancelled while waiting to retry. Nothing was sent again."))
                }
                attempt += 1
            }
        }
    }

    /// Server-supplied text can echo what was sent (some proxies repeat the Authorization header): the key
    /// and the values of extra headers never reach a message.
    func redact(_ text: String) -> String {
        var out = text
        // A `?key=` in the base URL is a key too.
        let secrets = ([settings.apiKey] + settings.headers.values.map(Optional.some) + settings.urlSecrets).compactMap { $0 }.filter {
            $0.count >= 8
        }
        for secret in secrets { out = out.replacingOccurrences(of: secret, with: "…" + secret.suffix(4)) }
        return out
    }

    func redacted(_ error: ClientError) -> ClientError {
        var e = error
        e.message = redact(e.message)
        return e
    }

    func streamOnce(
        messages: [ChatMessage], options: ChatRequestOptions, cancel: CancelToken,
        onEvent: (ClientEvent) -> Void
    ) throws(ClientError) -> ChatReply {
        let url = chatURL
        let request = HTTPRequest(
            method: "POST", url: url, headers: headers,
            body: Self.requestBody(messages: messages, options: options),
            connectTimeout: settings.connectTimeout, idleTimeout: settings.idleTimeout)
        let started = now()
        // SSE bytes in, content out once per network read (ReplyReader: no String per chunk in the common case).
        var reader = ReplyReader()
        var firstToken: Double?
        var errorBody: [UInt8] = []
        var wholeBody: [UInt8] = []
        var mode = 0  // 0 undecided, 1 SSE, 2 whole JSON, 3 error body

        let head: HTTPResponseHead?
        do {
            head = try transport.perform(request, cancel: cancel) { head, bytes in
                if mode == 0 {
                    let type = head.contentType.lowercased()
                    if !(200..<300).contains(head.status) {
                        mode = 3
                    } else if type.hasPrefix("application/json") {
                        mode = 2
                    } else if type.hasPrefix("text/html") {
                        mode = 3
                    } else {
                        mode = 1
                    }
                }
                switch mode {
                case 1:
                    reader.feed(bytes, onEvent)
                    if firstToken == nil && reader.sawToken { firstToken = now() - started }
                case 2: wholeBody.append(contentsOf: bytes)
                default:
                    errorBody.append(contentsOf: bytes.prefix(max(0, 65_536 - errorBody.count)))
                    if errorBody.count >= 65_536 { return false }
                }
                return !reader.done && reader.streamError == nil
            }
        } catch {
            let received = !reader.content.isEmpty || !reader.reasoning.isEmpty
            switch error {
            case .cancelled:
                reader.end(onEvent)
                return ChatReply(
                    content: reader.content, reasoning: reader.reasoning, ending: .cancelled, usage: reader.usage, model: options.model,
                    elapsed: now() - started, firstTokenAfter: firstToken)
            case .idleTimeout where received, .connectionLost(_, _) where received:
                reader.end(onEvent)
                let (content, reasoning, usage) = (reader.content, reader.reasoning, reader.usage)
                let why =
                    error == .idleTimeout
                    ? L("no data arrived for %d s (NOVELIST_IDLE_TIMEOUT)", settings.idleTimeout)
                    : L("the connection to %@ was lost", BaseURL.host(url))
                return ChatReply(
                    content: content, reasoning: reasoning, ending: .cut(why), usage: usage, model: options.model, elapsed: now() - started,
                    firstTokenAfter: firstToken)
            default:
                throw Self.describe(error, url: url, idle: settings.idleTimeout)
            }
        }
        guard let head else {
            throw ClientError(
                kind: .connectionLost,
                message: L(
                    "POST %@: the server closed the connection without an answer. Check that it is an OpenAI-compatible endpoint, then try again.",
                    url))
        }
        if mode == 3 || !(200..<300).contains(head.status) {
            // A 404 lists the server's models once, here; the message itself never sends a request.
            let offered: [String]?? = head.status == 404 ? .some(try? listModels(cancel: cancel)) : .none
            throw describeHTTP(head, body: errorBody, url: url, sentMessages: messages, offered: offered)
        }
        if mode == 2 {
            guard let object = try? JSONSerialization.jsonObject(with: Data(wholeBody)) as? [String: Any] else {
                throw ClientError(
                    kind: .malformed,
                    message: L(
                        "POST %@: the server's JSON reply does not parse (%@…). Is this an OpenAI-compatible endpoint?", url,
                        String(decoding: wholeBody.prefix(80), as: UTF8.self)))
            }
            reader.handle(ChatChunkDecoder.delta(from: object), onEvent)
            reader.end(onEvent)
        } else {
            reader.finish(onEvent)
        }
        if firstToken == nil && reader.sawToken { firstToken = now() - started }
        let (content, reasoning, usage, finish, malformed) = (
            reader.content, reader.reasoning, reader.usage, reader.finish, reader.malformed
        )
        let done = reader.done || mode == 2
        let streamError = reader.streamError
        let ending: StreamEnding
        if let streamError {
            if content.isEmpty && reasoning.isEmpty {
                throw ClientError(
                    kind: .streamError,
                    message: L("POST %@: the server reported an error: %@. Try again, or /model to choose another model.", url, streamError)
                )
            }
            ending = .cut(L("the server reported an error inside the stream: %@", streamError))
        } else if let malformed {
            ending = .cut(L("the server sent a chunk that is not JSON (%@); part of the reply may be missing", malformed))
        } else if let finish {
            ending = .finished(finish)
        } else if done && !(content.isEmpty && reasoning.isEmpty) {  // nothing at all (no choices) is no reply
            ending = .finished("stop")
        } else if content.isEmpty && reasoning.isEmpty {
            throw ClientError(
                kind: .malformed,
                message: L(
                    "POST %@: the server answered %d but sent no reply. Check the base URL (it should end in /v1) and the model name.", url,
                    head.status))
        } else {
            ending = .cut(L("the stream ended without [DONE] or a finish reason"))
        }
        return ChatReply(
            content: content, reasoning: reasoning, ending: ending, usage: usage, model: options.model, elapsed: now() - started,
            firstTokenAfter: firstToken)
    }

    /// `GET {base}/models`: the model ids the server offers.
    public func listModels(cancel: CancelToken = CancelToken()) throws(ClientError) -> [String] {
        let url = modelsURL
        var body: [UInt8] = []
        let request = HTTPRequest(method: "GET", url: url, headers: headers, connectTimeout: settings.connectTimeout, idleTimeout: 30)
        let head: HTTPResponseHead?
        do {
            head = try transport.perform(request, cancel: cancel) { _, bytes in
                body.append(contentsOf: bytes)
                return body.count < 4_000_000
            }
        } catch {
            throw Self.describe(error, url: url, idle: 30)
        }
        guard let head, (200..<300).contains(head.status) else {
            throw redacted(describeHTTP(head ?? HTTPResponseHead(status: 0, contentType: ""), body: body, url: url, sentMessages: []))
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let data = (object["data"] as? [[String: Any]]) ?? (object["models"] as? [[String: Any]])
        else {
            throw ClientError(kind: .malformed, message: L("GET %@: the reply is not a model list. Is the base URL right?", url))
        }
        return data.compactMap { ($0["id"] as? String) ?? ($0["name"] as? String) }
    }

    static func describe(_ error: TransportError, url: String, idle: Int) -> ClientError {
        let host = BaseURL.host(url)
        switch error {
        case .connectionRefused:
            return ClientError(
                kind: .connectionRefused,
                message: L("Could not connect to %@ (%@): connection refused. Is the server running, and is the port right?", host, url))
        case .dnsFailure:
            return ClientError(
                kind: .dnsFailure,
                message: L(
                    "Could not find the host %@ (%@): DNS lookup failed. Check the spelling of the base URL and your network or proxy (https_proxy).",
                    host, url))
        case .tlsFailure(let detail):
            return ClientError(
                kind: .tlsFailure,
                message: L(
                    "Could not make a secure connection to %@ (%@): %@. Check the URL (http vs https), your clock, or a proxy that intercepts TLS.",
                    host, url, detail))
        case .connectTimeout:
            return ClientError(
                kind: .connectTimeout,
                message: L("Connecting to %@ (%@) timed out. Check your network or proxy, or raise NOVELIST_CONNECT_TIMEOUT.", host, url))
        case .idleTimeout:
            return ClientError(
                kind: .idleTimeout,
                message: L(
                    "%@ (%@) sent nothing for %d s, so novelist gave up. The server may be overloaded; try again, or raise NOVELIST_IDLE_TIMEOUT.",
                    host, url, idle))
        case .cancelled:
            return ClientError(kind: .cancelled, message: L("Cancelled."))
        case .connectionLost(let detail, _):
            return ClientError(kind: .connectionLost, message: L("The connection to %@ (%@) broke: %@. Try again.", host, url, detail))
        case .other(let detail):
            return ClientError(kind: .connectionLost, message: L("Request to %@ failed: %@.", url, detail))
        }
    }

    /// `offered`: for a chat 404, the models the server listed (`.some(nil)`: the list was unavailable too).
    /// Describing an error never sends a request.
    func describeHTTP(_ head: HTTPResponseHead, body: [UInt8], url: String, sentMessages: [ChatMessage], offered: [String]?? = .none)
        -> ClientError
    {
        let text = String(decoding: body, as: UTF8.self)
        let host = BaseURL.host(url)
        let type = head.contentType.lowercased()
        var serverMessage = ""
        if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            if let e = object["error"] as? [String: Any] {
                serverMessage = (e["message"] as? String) ?? ""
            } else if let e = object["error"] as? String {
                serverMessage = e
            } else if let m = object["message"] as? String {
                serverMessage = m
            }
        }
        let said = serverMessage.isEmpty ? "" : " " + L("The server said: %@", String(serverMessage.prefix(300)))
        let status = head.status
        if type.hasPrefix("text/html") || text.lowercased().contains("<html") {
            return ClientError(
                kind: .htmlPage,
                message: L(
                    "%@ answered %d with an HTML page instead of JSON: a proxy, a login page or a wrong base URL? The base URL should end in /v1.",
                    url, status), retryAfter: head.retryAfter)
        }
        let lower = serverMessage.lowercased()
        switch status {
        case 401:
            let key =
                settings.apiKey == nil
                ? L("No API key is set: put it in %@ (environment or .env).", settings.keyVariable)
                : L(
                    "The key %@ from %@ was rejected; check it is current and belongs to %@.", settings.maskedKey, settings.keyVariable,
                    host)
            return ClientError(kind: .unauthorized, message: L("%@ refused the request (401 Unauthorized, %@). %@", host, url, key) + said)
        case 403:
            return ClientError(
                kind: .forbidden,
                message: L(
                    "%@ forbids this request (403 Forbidden, %@). The key %@ may lack access to this model or region.", host, url,
                    settings.maskedKey) + said)
        case 404:
            if case .some(.none) = offered {
                return ClientError(
                    kind: .notFound,
                    message: L(
                        "%@ answered 404 Not Found: the base URL or the model name is wrong (model '%@'). The models list (%@) was unavailable too, so the base URL is the likely culprit (it should end in /v1). Use /model NAME or fix OPENAI_BASE_URL.",
                        url, sentModel(sentMessages), modelsURL) + said)
            }
            let models = (offered ?? nil)?.prefix(20).joined(separator: ", ") ?? ""
            return ClientError(
                kind: .notFound,
                message: (models.isEmpty
                    ? L(
                        "%@ answered 404 Not Found: the base URL or the model name is wrong (model '%@'). Use /model NAME or fix OPENAI_BASE_URL.",
                        url, sentModel(sentMessages))
                    : L(
                        "%@ answered 404 Not Found: the base URL or the model name is wrong (model '%@'). Models this server offers: %@. Use /model NAME or fix OPENAI_BASE_URL.",
                        url, sentModel(sentMessages), models)) + said)
        case 400 where lower.contains("context") || lower.contains("maximum") && lower.contains("token") || lower.contains("too long"):
            let estimate = sentMessages.reduce(0) { $0 + TokenEstimate.tokens(in: $1.content) }
            return ClientError(
                kind: .contextLength,
                message: L(
                    "%@ says the request is longer than the model's context window (about %d tokens were sent, %@). See /context for what is sent, and shorten the outline or the conversation (/clear).",
                    host, estimate, url) + said)
        case 429:
            let message =
                head.retryAfter.map {
                    L(
                        "%@ is rate-limiting requests (429 Too Many Requests, %@). It asked to wait %d s. Wait a little and try again, or check your plan's limits.",
                        host, url, $0)
                }
                ?? L(
                    "%@ is rate-limiting requests (429 Too Many Requests, %@). Wait a little and try again, or check your plan's limits.",
                    host, url)
            return ClientError(kind: .rateLimited, message: message + said, retryAfter: head.retryAfter)
        case 500...599:
            return ClientError(
                kind: .serverError,
                message: L("%@ had an internal problem (%d, %@). This is the server's side; try again in a moment.", host, status, url)
                    + said, retryAfter: head.retryAfter)
        case 0:
            return ClientError(kind: .connectionLost, message: L("%@: no HTTP answer.", url))
        default:
            let snippet = serverMessage.isEmpty ? " " + L("Body: %@", String(text.prefix(200))) : said
            return ClientError(kind: .http, message: L("%@ answered %d.", url, status) + snippet)
        }
    }

    private func sentModel(_ messages: [ChatMessage]) -> String {
        settings.model ?? "?"
    }
}
