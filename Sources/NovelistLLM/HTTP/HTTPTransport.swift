import NovelistText
import Synchronization

package struct HTTPHeader: Sendable, Equatable {
    package var name: String
    package var value: String
    package init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

package struct HTTPRequest: Sendable {
    package var method: String
    package var url: String
    package var headers: [HTTPHeader]
    package var body: [UInt8]?
    /// Seconds to establish the connection.
    package var connectTimeout: Int
    /// Seconds without a single byte before the transfer is given up (never a total timeout).
    package var idleTimeout: Int

    package init(
        method: String, url: String, headers: [HTTPHeader] = [], body: [UInt8]? = nil, connectTimeout: Int = 10, idleTimeout: Int = 120
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
    }
}

package struct HTTPResponseHead: Sendable, Equatable {
    package var status: Int
    package var contentType: String
    /// Seconds the server asked to wait (`Retry-After`, as seconds or an HTTP date).
    package var retryAfter: Int?

    package init(status: Int, contentType: String, retryAfter: Int? = nil) {
        self.status = status
        self.contentType = contentType
        self.retryAfter = retryAfter
    }
}

/// How a transfer failed below HTTP.
package enum TransportError: Error, Equatable, Sendable {
    case connectionRefused
    case dnsFailure
    case tlsFailure(String)
    case connectTimeout
    /// No byte arrived for the idle timeout.
    case idleTimeout
    /// The writer pressed Ctrl-C.
    case cancelled
    /// The connection broke; `afterResponse` tells whether any of the response had arrived.
    case connectionLost(String, afterResponse: Bool)
    case other(String)
}

/// Sends one HTTP request and hands over the response body as it arrives.
/// `onBody` returns false to stop the transfer early (that is not an error).
package protocol HTTPTransport: Sendable {
    func perform(
        _ request: HTTPRequest, cancel: CancelToken,
        onBody: (HTTPResponseHead, UnsafeRawBufferPointer) -> Bool
    ) throws(TransportError) -> HTTPResponseHead?
}
