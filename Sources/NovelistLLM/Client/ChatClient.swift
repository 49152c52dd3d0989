import Foundation
import NovelistText

/// Talks to an OpenAI-compatible endpoint: streams chat completions, lists models, retries what can be retried.
package struct ChatClient: Sendable {
    package var settings: ChatEndpoint
    package let transport: any HTTPTransport
    /// Sleeps for up to `seconds`, returning false when cancelled first. Replaced in tests.
    package var sleep: @Sendable (Double, CancelToken) -> Bool
    package var now: @Sendable () -> Double
    /// A pause shared with the other requests of a batch (nil: this client waits only for itself).
    package var gate: RequestGate?

    package init(settings: ChatEndpoint, transport: any HTTPTransport) {
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

    package var chatURL: String { settings.baseURL + "/chat/completions" }
    package var modelsURL: String { settings.baseURL + "/models" }

    var headers: [HTTPHeader] {
        var h = [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Accept", "text/event-stream, application/json")]
        if let key = settings.apiKey, !key.isEmpty { h.append(HTTPHeader("Authorization", "Bearer \(key)")) }
        for (name, value) in settings.headers.sorted(by: { $0.key < $1.key }) { h.append(HTTPHeader(name, value)) }
        return h
    }

    /// The JSON body of a streamed chat request, keys in sorted order, written directly (`JSONObjectWriter`):
    /// JSONSerialization cast every value and key dynamically (7 M instructions a request, issue 19). A
    /// temperature that is not a finite number is left out (JSON has no such number).
    package static func requestBody(messages: [ChatMessage], options: ChatRequestOptions) -> [UInt8] {
        var w = JSONObjectWriter(capacity: messages.reduce(160) { $0 + $1.content.utf8.count + $1.role.utf8.count + 32 })
        if let m = options.maxTokens { w.int("max_tokens", m) }
        w.objects("messages", messages) { item, message in
            item.string("content", message.content)
            item.string("role", message.role)
        }
        w.string("model", options.model)
        w.raw("stream", "true")
        w.object("stream_options") { $0.raw("include_usage", "true") }
        if let t = options.temperature, t.isFinite { w.raw("temperature", "\(t)") }
        return w.finishedBytes()
    }

    /// Streams one chat completion, retrying failures before the first byte of the reply.
    package func stream(
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
                        throw ClientError(.cancelledWhileWaiting)
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
                    throw ClientError(.cancelledWhileWaiting)
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
        error.masking(redact)
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
            throw ClientError(.closedWithoutAnswer, url: url)
        }
        if mode == 3 || !(200..<300).contains(head.status) {
            // A 404 lists the server's models once, here; the message itself never sends a request.
            let offered: [String]?? = head.status == 404 ? .some(try? listModels(cancel: cancel)) : .none
            throw describeHTTP(head, body: errorBody, url: url, sentMessages: messages, offered: offered)
        }
        if mode == 2 {
            guard let object = try? JSONSerialization.jsonObject(with: Data(wholeBody)) as? [String: Any] else {
                throw ClientError(
                    .unparsableJSON(snippet: String(decoding: wholeBody.prefix(80), as: UTF8.self)), url: url, status: head.status)
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
                throw ClientError(.streamError, url: url, status: head.status, serverMessage: streamError)
            }
            ending = .cut(L("the server reported an error inside the stream: %@", streamError))
        } else if let malformed {
            ending = .cut(L("the server sent a chunk that is not JSON (%@); part of the reply may be missing", malformed))
        } else if let finish {
            ending = .finished(finish)
        } else if done && !(content.isEmpty && reasoning.isEmpty) {  // nothing at all (no choices) is no reply
            ending = .finished("stop")
        } else if content.isEmpty && reasoning.isEmpty {
            throw ClientError(.emptyReply, url: url, status: head.status)
        } else {
            ending = .cut(L("the stream ended without [DONE] or a finish reason"))
        }
        return ChatReply(
            content: content, reasoning: reasoning, ending: ending, usage: usage, model: options.model, elapsed: now() - started,
            firstTokenAfter: firstToken)
    }

    /// `GET {base}/models`: the model ids the server offers.
    package func listModels(cancel: CancelToken = CancelToken()) throws(ClientError) -> [String] {
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
            throw redacted(Self.describe(error, url: url, idle: 30))
        }
        guard let head, (200..<300).contains(head.status) else {
            throw redacted(describeHTTP(head ?? HTTPResponseHead(status: 0, contentType: ""), body: body, url: url, sentMessages: []))
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let data = (object["data"] as? [[String: Any]]) ?? (object["models"] as? [[String: Any]])
        else {
            throw redacted(ClientError(.notAModelList, url: url, status: head.status))
        }
        return data.compactMap { ($0["id"] as? String) ?? ($0["name"] as? String) }
    }

    static func describe(_ error: TransportError, url: String, idle: Int) -> ClientError {
        switch error {
        case .connectionRefused: return ClientError(.connectionRefused, url: url)
        case .dnsFailure: return ClientError(.dnsFailure, url: url)
        case .tlsFailure(let detail): return ClientError(.tlsFailure(detail: detail), url: url)
        case .connectTimeout: return ClientError(.connectTimeout, url: url)
        case .idleTimeout: return ClientError(.idleTimeout(seconds: idle), url: url)
        case .cancelled: return ClientError(.cancelled, url: url)
        case .connectionLost(let detail, _): return ClientError(.connectionBroke(detail: detail), url: url)
        case .other(let detail): return ClientError(.requestFailed(detail: detail), url: url)
        }
    }

    /// `offered`: for a chat 404, the models the server listed (`.some(nil)`: the list was unavailable too).
    /// Describing an error never sends a request.
    func describeHTTP(_ head: HTTPResponseHead, body: [UInt8], url: String, sentMessages: [ChatMessage], offered: [String]?? = .none)
        -> ClientError
    {
        let text = String(decoding: body, as: UTF8.self)
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
        let status = head.status
        func error(_ reason: ClientError.Reason) -> ClientError {
            // Retry-After counts only where trying again may help.
            let wait = [.htmlPage, .rateLimited, .serverError].contains(reason) ? head.retryAfter : nil
            return ClientError(
                reason, url: url, status: status, serverMessage: serverMessage.isEmpty ? nil : serverMessage, retryAfter: wait)
        }
        if type.hasPrefix("text/html") || text.lowercased().contains("<html") { return error(.htmlPage) }
        let lower = serverMessage.lowercased()
        switch status {
        case 401:
            let key: ClientError.APIKey =
                settings.apiKey == nil
                ? .missing(variable: settings.keyVariable) : .rejected(masked: settings.maskedKey, variable: settings.keyVariable)
            return error(.unauthorized(key))
        case 403:
            return error(.forbidden(maskedKey: settings.maskedKey))
        case 404:
            let models: [String]? = if case .some(.none) = offered { nil } else { (offered ?? nil) ?? [] }
            return error(.notFound(model: sentModel(sentMessages), offered: models, modelsURL: modelsURL))
        case 400 where lower.contains("context") || lower.contains("maximum") && lower.contains("token") || lower.contains("too long"):
            let estimate = sentMessages.reduce(0) { $0 + TokenEstimate.tokens(in: $1.content) }
            return error(.contextLength(tokensSent: estimate))
        case 429: return error(.rateLimited)
        case 500...599: return error(.serverError)
        case 0: return error(.noHTTPAnswer)
        default: return error(.otherStatus(body: String(text.prefix(200))))
        }
    }

    private func sentModel(_ messages: [ChatMessage]) -> String {
        settings.model ?? "?"
    }
}
