import NovelistText

/// A request that failed, as data: what happened (`reason`, with the facts only that failure has) and the facts
/// every failure may have: the URL as displayed (secrets masked, never the key), the HTTP status, the server's
/// own message and its Retry-After. `message` (ClientError+Message.swift) is the one place that turns it into
/// text, in the interface language; `kind` sorts it for the callers that act on it.
package struct ClientError: Error, Equatable, Sendable, CustomStringConvertible {
    package enum Kind: Equatable, Sendable {
        case connectionRefused, dnsFailure, tlsFailure, connectTimeout, idleTimeout, cancelled, connectionLost
        case unauthorized, forbidden, notFound, contextLength, rateLimited, serverError, htmlPage, malformed, http, streamError
    }

    /// What happened: one case per situation the writer can be told about.
    package enum Reason: Equatable, Sendable {
        // No HTTP answer: the transport's failures (`detail` is curl's or the system's own words).
        case connectionRefused
        case dnsFailure
        case tlsFailure(detail: String)
        case connectTimeout
        /// Nothing arrived for `seconds` (NOVELIST_IDLE_TIMEOUT).
        case idleTimeout(seconds: Int)
        case cancelled
        /// Ctrl-C while waiting to retry: nothing was sent again.
        case cancelledWhileWaiting
        /// The connection broke before any response.
        case connectionBroke(detail: String)
        /// Any other transport failure.
        case requestFailed(detail: String)
        /// The server closed the connection without a status line.
        case closedWithoutAnswer
        /// Status 0: no HTTP answer at all.
        case noHTTPAnswer
        // An HTTP status that is not a reply.
        case unauthorized(APIKey)
        case forbidden(maskedKey: String)
        /// `offered`: the models the server lists, nil when that list was unavailable too (at `modelsURL`).
        case notFound(model: String, offered: [String]?, modelsURL: String)
        /// The request did not fit the model's context window: about `tokensSent` tokens were sent.
        case contextLength(tokensSent: Int)
        case rateLimited
        case serverError
        case htmlPage
        /// Any other status; `body` is the start of the answer's body.
        case otherStatus(body: String)
        // A 2xx answer that is no usable reply.
        /// A whole-JSON reply that does not parse; `snippet` is its start.
        case unparsableJSON(snippet: String)
        case emptyReply
        case notAModelList
        /// The stream reported an error (`serverMessage`) before any text.
        case streamError
    }

    /// What a 401 says of the key: never the key itself.
    package enum APIKey: Equatable, Sendable {
        /// No key was set; `variable` is where it belongs.
        case missing(variable: String)
        /// The key (`masked`: at most its last four characters) from `variable` was refused.
        case rejected(masked: String, variable: String)
    }

    package var reason: Reason
    /// The request's URL as it may be shown (a secret in it is masked).
    package var url: String
    package var status: Int?
    /// What the server said in its own words (the `error.message` of a JSON body), if anything.
    package var serverMessage: String?
    /// Seconds the server asked to wait before trying again.
    package var retryAfter: Int?

    package init(_ reason: Reason, url: String = "", status: Int? = nil, serverMessage: String? = nil, retryAfter: Int? = nil) {
        self.reason = reason
        self.url = url
        self.status = status
        self.serverMessage = serverMessage
        self.retryAfter = retryAfter
    }

    /// The host the URL names: `api.deepseek.com` or `127.0.0.1:8080`.
    package var host: String { BaseURL.host(url) }

    package var kind: Kind {
        switch reason {
        case .connectionRefused: return .connectionRefused
        case .dnsFailure: return .dnsFailure
        case .tlsFailure: return .tlsFailure
        case .connectTimeout: return .connectTimeout
        case .idleTimeout: return .idleTimeout
        case .cancelled, .cancelledWhileWaiting: return .cancelled
        case .connectionBroke, .requestFailed, .closedWithoutAnswer, .noHTTPAnswer: return .connectionLost
        case .unauthorized: return .unauthorized
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .contextLength: return .contextLength
        case .rateLimited: return .rateLimited
        case .serverError: return .serverError
        case .htmlPage: return .htmlPage
        case .otherStatus: return .http
        case .unparsableJSON, .emptyReply, .notAModelList: return .malformed
        case .streamError: return .streamError
        }
    }

    package var description: String { message }

    /// Whether trying again may help: 429, 5xx, and connections that broke before any response.
    package var isRetryable: Bool {
        switch kind {
        case .rateLimited, .serverError, .htmlPage: return true
        case .connectionLost: return true
        default: return false
        }
    }

    /// The same error with `mask` applied to every text in it that came from outside (the URL, the server's
    /// words, curl's detail, the model names): the client masks its secrets this way before it throws.
    package func masking(_ mask: (String) -> String) -> ClientError {
        var e = self
        e.url = mask(url)
        e.serverMessage = serverMessage.map(mask)
        switch reason {
        case .tlsFailure(let d): e.reason = .tlsFailure(detail: mask(d))
        case .connectionBroke(let d): e.reason = .connectionBroke(detail: mask(d))
        case .requestFailed(let d): e.reason = .requestFailed(detail: mask(d))
        case .otherStatus(let b): e.reason = .otherStatus(body: mask(b))
        case .unparsableJSON(let s): e.reason = .unparsableJSON(snippet: mask(s))
        case .notFound(let model, let offered, let modelsURL):
            e.reason = .notFound(model: mask(model), offered: offered?.map(mask), modelsURL: mask(modelsURL))
        default: break
        }
        return e
    }
}
