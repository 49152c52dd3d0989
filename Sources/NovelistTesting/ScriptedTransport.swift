import NovelistLLM
import Synchronization

/// A transport for tests: answers each request with the next scripted response, without a network,
/// and keeps the requests it was sent.
package final class ScriptedTransport: HTTPTransport, Sendable {
    package struct Response: Sendable {
        package var status: Int
        package var contentType: String
        package var body: [UInt8]
        package init(status: Int = 200, contentType: String = "text/event-stream", body: [UInt8]) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }

        /// A streamed chat completion whose reply is `content`, sent in pieces of `chunk` characters.
        package static func chat(_ content: String, chunk: Int = 16) -> Response {
            var events = ""
            var rest = Substring(content)
            while !rest.isEmpty {
                let piece = rest.prefix(chunk)
                rest = rest.dropFirst(piece.count)
                events += "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\(Self.jsonString(String(piece)))}}]}\n\n"
            }
            events +=
                "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":\(max(1, content.count / 2)),\"total_tokens\":\(10 + max(1, content.count / 2))}}\n\n"
            events += "data: [DONE]\n\n"
            return Response(body: Array(events.utf8))
        }

        static func jsonString(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if u.value < 0x20 {
                        out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16)
                    } else {
                        out.unicodeScalars.append(u)
                    }
                }
            }
            return out + "\""
        }
    }

    private struct State {
        var responses: [Response]
        var requests: [HTTPRequest] = []
    }
    private let state: Mutex<State>

    package init(_ responses: [Response] = []) {
        state = Mutex(State(responses: responses))
    }

    /// Queues another response.
    package func enqueue(_ response: Response) { state.withLock { $0.responses.append(response) } }

    /// The requests sent so far, in order.
    package var requests: [HTTPRequest] { state.withLock { $0.requests } }

    /// The body of each request sent so far, as text.
    package var requestBodies: [String] { requests.map { String(decoding: $0.body ?? [], as: UTF8.self) } }

    package func perform(
        _ request: HTTPRequest, cancel: CancelToken,
        onBody: (HTTPResponseHead, UnsafeRawBufferPointer) -> Bool
    ) throws(TransportError) -> HTTPResponseHead? {
        let next: Response? = state.withLock { s in
            s.requests.append(request)
            return s.responses.isEmpty ? nil : s.responses.removeFirst()
        }
        guard let response = next else { throw .connectionRefused }
        let head = HTTPResponseHead(status: response.status, contentType: response.contentType)
        var offset = 0
        while offset < response.body.count {
            let end = min(response.body.count, offset + 64)
            let goOn = response.body[offset..<end].withUnsafeBytes { onBody(head, $0) }
            if !goOn { break }
            offset = end
        }
        return head
    }
}
