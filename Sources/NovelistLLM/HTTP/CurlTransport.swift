internal import CCurl
import NovelistText

/// The HTTP transport: libcurl's easy interface, one handle per request, blocking on the calling thread.
/// Streams have a connect timeout and an idle timeout (LOW_SPEED), never a total timeout; Ctrl-C is
/// noticed through the progress callback within milliseconds.
package struct CurlTransport: HTTPTransport {
    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    package init() {
        _ = Self.initialized
    }

    package func perform(
        _ request: HTTPRequest, cancel: CancelToken,
        onBody: (HTTPResponseHead, UnsafeRawBufferPointer) -> Bool
    ) throws(TransportError) -> HTTPResponseHead? {
        guard let handle = curl_easy_init() else { throw .other(L("libcurl could not start a transfer")) }
        defer { curl_easy_cleanup(handle) }

        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        for h in request.headers {
            headerList = curl_slist_append(headerList, "\(h.name): \(h.value)")
        }
        defer { curl_slist_free_all(headerList) }

        return try withoutActuallyEscaping(onBody) { (body) throws(TransportError) -> HTTPResponseHead? in
            let transfer = Transfer(handle: handle, cancel: cancel, onBody: body)
            let context = Unmanaged.passUnretained(transfer).toOpaque()
            nv_curl_setopt_string(handle, CURLOPT_URL, request.url)
            nv_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
            nv_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, request.connectTimeout)
            nv_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1)
            nv_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, request.idleTimeout)
            nv_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
            nv_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
            nv_curl_setopt_string(handle, CURLOPT_USERAGENT, "novelist/\(NovelistVersion.current)")
            nv_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
            nv_curl_setopt_write(handle) { data, size, count, userdata in
                let t = Unmanaged<Transfer>.fromOpaque(userdata!).takeUnretainedValue()
                let n = size * count
                return t.deliver(UnsafeRawBufferPointer(start: data, count: n)) ? n : 0
            }
            nv_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
            nv_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
            nv_curl_setopt_xferinfo(handle) { userdata, _, _, _, _ in
                let t = Unmanaged<Transfer>.fromOpaque(userdata!).takeUnretainedValue()
                return t.cancel.isCancelled ? 1 : 0
            }
            nv_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context)

            let code: CURLcode
            if let bodyBytes = request.body {
                code = bodyBytes.withUnsafeBufferPointer { buf -> CURLcode in
                    nv_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(buf.count))
                    nv_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: buf.baseAddress))
                    return curl_easy_perform(handle)
                }
            } else {
                if request.method != "GET" { nv_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method) }
                code = curl_easy_perform(handle)
            }
            withExtendedLifetime(transfer) {}

            if code == CURLE_OK { return transfer.head ?? transfer.readHead() }
            if code == CURLE_WRITE_ERROR && transfer.stoppedByReceiver { return transfer.head }
            if code == CURLE_ABORTED_BY_CALLBACK || cancel.isCancelled { throw .cancelled }
            let detail = String(cString: curl_easy_strerror(code))
            switch code {
            case CURLE_COULDNT_CONNECT: throw .connectionRefused
            case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: throw .dnsFailure
            case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
                CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
                throw .tlsFailure(detail)
            case CURLE_OPERATION_TIMEDOUT:
                throw nv_curl_connected(handle) != 0 ? .idleTimeout : .connectTimeout
            default:
                throw .connectionLost(detail, afterResponse: transfer.head != nil)
            }
        }
    }
}

/// Per-transfer state reached from libcurl's callbacks.
private final class Transfer {
    let handle: UnsafeMutableRawPointer
    let cancel: CancelToken
    let onBody: (HTTPResponseHead, UnsafeRawBufferPointer) -> Bool
    var head: HTTPResponseHead?
    var stoppedByReceiver = false

    init(handle: UnsafeMutableRawPointer, cancel: CancelToken, onBody: @escaping (HTTPResponseHead, UnsafeRawBufferPointer) -> Bool) {
        self.handle = handle
        self.cancel = cancel
        self.onBody = onBody
    }

    func readHead() -> HTTPResponseHead {
        let type = nv_curl_content_type(handle).map { String(cString: $0) } ?? ""
        let retry = nv_curl_retry_after(handle)
        return HTTPResponseHead(status: nv_curl_response_code(handle), contentType: type, retryAfter: retry > 0 ? Int(retry) : nil)
    }

    func deliver(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if cancel.isCancelled { return false }
        let h = head ?? readHead()
        head = h
        if !onBody(h, bytes) {
            stoppedByReceiver = true
            return false
        }
        return true
    }
}
