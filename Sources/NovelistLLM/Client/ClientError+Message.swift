import NovelistText

extension ClientError {
    /// The whole text the writer reads, in the interface language: it names the URL (never the key) and says
    /// what to do next. The one renderer of a `ClientError`.
    package var message: String {
        let status = status ?? 0
        switch reason {
        case .connectionRefused:
            return L("Could not connect to %@ (%@): connection refused. Is the server running, and is the port right?", host, url)
        case .dnsFailure:
            return L(
                "Could not find the host %@ (%@): DNS lookup failed. Check the spelling of the base URL and your network or proxy (https_proxy).",
                host, url)
        case .tlsFailure(let detail):
            return L(
                "Could not make a secure connection to %@ (%@): %@. Check the URL (http vs https), your clock, or a proxy that intercepts TLS.",
                host, url, detail)
        case .connectTimeout:
            return L("Connecting to %@ (%@) timed out. Check your network or proxy, or raise NOVELIST_CONNECT_TIMEOUT.", host, url)
        case .idleTimeout(let seconds):
            return L(
                "%@ (%@) sent nothing for %d s, so novelist gave up. The server may be overloaded; try again, or raise NOVELIST_IDLE_TIMEOUT.",
                host, url, seconds)
        case .cancelled:
            return L("Cancelled.")
        case .cancelledWhileWaiting:
            return L("Cancelled while waiting to retry. Nothing was sent again.")
        case .connectionBroke(let detail):
            return L("The connection to %@ (%@) broke: %@. Try again.", host, url, detail)
        case .requestFailed(let detail):
            return L("Request to %@ failed: %@.", url, detail)
        case .closedWithoutAnswer:
            return L(
                "POST %@: the server closed the connection without an answer. Check that it is an OpenAI-compatible endpoint, then try again.",
                url)
        case .noHTTPAnswer:
            return L("%@: no HTTP answer.", url)
        case .unauthorized(let key):
            let advice =
                switch key {
                case .missing(let variable): L("No API key is set: put it in %@ (environment or .env).", variable)
                case .rejected(let masked, let variable):
                    L("The key %@ from %@ was rejected; check it is current and belongs to %@.", masked, variable, host)
                }
            return L("%@ refused the request (401 Unauthorized, %@). %@", host, url, advice) + serverSaid
        case .forbidden(let maskedKey):
            return L(
                "%@ forbids this request (403 Forbidden, %@). The key %@ may lack access to this model or region.", host, url, maskedKey)
                + serverSaid
        case .notFound(let model, let offered, let modelsURL):
            guard let offered else {
                return L(
                    "%@ answered 404 Not Found: the base URL or the model name is wrong (model '%@'). The models list (%@) was unavailable too, so the base URL is the likely culprit (it should end in /v1). Use /model NAME or fix OPENAI_BASE_URL.",
                    url, model, modelsURL) + serverSaid
            }
            if offered.isEmpty {
                return L(
                    "%@ answered 404 Not Found: the base URL or the model name is wrong (model '%@'). Use /model NAME or fix OPENAI_BASE_URL.",
                    url, model) + serverSaid
            }
            return L(
                "%@ answered 404 Not Found: the base URL or the model name is wrong (model '%@'). Models this server offers: %@. Use /model NAME or fix OPENAI_BASE_URL.",
                url, model, offered.prefix(20).joined(separator: ", ")) + serverSaid
        case .contextLength(let tokensSent):
            return L(
                "%@ says the request is longer than the model's context window (about %d tokens were sent, %@). See /context for what is sent, and shorten the outline or the conversation (/clear).",
                host, tokensSent, url) + serverSaid
        case .rateLimited:
            if let retryAfter {
                return L(
                    "%@ is rate-limiting requests (429 Too Many Requests, %@). It asked to wait %d s. Wait a little and try again, or check your plan's limits.",
                    host, url, retryAfter) + serverSaid
            }
            return L(
                "%@ is rate-limiting requests (429 Too Many Requests, %@). Wait a little and try again, or check your plan's limits.", host,
                url) + serverSaid
        case .serverError:
            return L("%@ had an internal problem (%d, %@). This is the server's side; try again in a moment.", host, status, url)
                + serverSaid
        case .htmlPage:
            return L(
                "%@ answered %d with an HTML page instead of JSON: a proxy, a login page or a wrong base URL? The base URL should end in /v1.",
                url, status)
        case .otherStatus(let body):
            return L("%@ answered %d.", url, status) + ((serverMessage ?? "").isEmpty ? " " + L("Body: %@", body) : serverSaid)
        case .unparsableJSON(let snippet):
            return L("POST %@: the server's JSON reply does not parse (%@…). Is this an OpenAI-compatible endpoint?", url, snippet)
        case .emptyReply:
            return L(
                "POST %@: the server answered %d but sent no reply. Check the base URL (it should end in /v1) and the model name.", url,
                status)
        case .notAModelList:
            return L("GET %@: the reply is not a model list. Is the base URL right?", url)
        case .streamError:
            return L("POST %@: the server reported an error: %@. Try again, or /model to choose another model.", url, serverMessage ?? "")
        }
    }

    /// " The server said: …" after a status's own text, when the server said something.
    private var serverSaid: String {
        guard let serverMessage, !serverMessage.isEmpty else { return "" }
        return " " + L("The server said: %@", String(serverMessage.prefix(300)))
    }
}
