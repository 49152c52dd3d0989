import Foundation
import NovelistText

/// A Server-Sent Events decoder as the HTML standard defines it, fed with bytes as they arrive.
/// Lines end in LF, CRLF or CR; `data:` fields of one event are joined with LF; `:` lines are comments;
/// an empty line dispatches the event. Bytes are buffered until a line ends, so an event split anywhere,
/// even inside a UTF-8 character, decodes the same.
///
/// The common event — one `data:` line and the empty line after it, both inside one network read — is handed
/// to the callback as a view of the bytes that were fed, with no copy and no allocation; only a line that
/// continues in the next read is buffered.
package struct SSEDecoder: Sendable {
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var lastWasCR = false
    private var sawFirstLine = false
    /// The event's data so far is one `data:` value inside the buffer being fed (offsets into it).
    private var inPlace: Range<Int>?
    /// The message of an `error:` field, as llama.cpp servers before PR #16109 send a failure (followed by
    /// `data: [DONE]`): the field is not in the standard, but it is the server's only word on what went wrong.
    package private(set) var errorField: String?

    package init() {}

    /// Nothing of a line or an event is held: the next byte fed starts a line of a new event, or is the LF of
    /// a CRLF split between two reads (never `data: `); not at the first line, which may carry a byte-order mark.
    var atEventStart: Bool { sawFirstLine && line.isEmpty && !hasData && inPlace == nil }

    /// Feeds bytes; calls `onEvent` with the data of each completed event, decoded as UTF-8.
    package mutating func feed(_ bytes: UnsafeRawBufferPointer, _ onEvent: (String) -> Void) {
        feedBytes(bytes) { onEvent(String(decoding: $0, as: UTF8.self)) }
    }

    package mutating func feed(_ bytes: [UInt8], _ onEvent: (String) -> Void) {
        bytes.withUnsafeBytes { feed($0, onEvent) }
    }

    /// Feeds bytes; calls `onEvent` with the data of each completed event as raw bytes, which are valid only
    /// during the call.
    package mutating func feedBytes(_ bytes: UnsafeRawBufferPointer, _ onEvent: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let count = bytes.count
        var i = 0
        // The first CR at or after `i` (found again only once `i` passes it: most streams have none).
        var nextCR = -1
        while i < count {
            // The next line end: the first CR or LF (memchr: both scans run at memory speed).
            let lf = base[i] == 0x0A ? i : (Self.find(0x0A, base, i, count - i) ?? count)
            if nextCR < i { nextCR = Self.find(0x0D, base, i, count - i) ?? count }
            let end = min(lf, nextCR)
            if end == count {
                line.append(contentsOf: UnsafeBufferPointer(start: base + i, count: count - i))
                lastWasCR = false
                break
            }
            let b = base[end]
            if b == 0x0A && lastWasCR && end == i && line.isEmpty {
                // The LF of a CRLF pair whose CR ended the previous line.
                lastWasCR = false
                i += 1
                continue
            }
            if line.isEmpty {
                processLine(base, i..<end, inBuffer: true, onEvent)
            } else {
                // A line begun in an earlier read (taken out of `self` while it is read).
                var carried: [UInt8] = []
                swap(&carried, &line)
                carried.append(contentsOf: UnsafeBufferPointer(start: base + i, count: end - i))
                carried.withUnsafeBufferPointer { l in processLine(l.baseAddress!, 0..<l.count, inBuffer: false, onEvent) }
                carried.removeAll(keepingCapacity: true)
                swap(&carried, &line)
            }
            lastWasCR = b == 0x0D
            i = end + 1
        }
        // A view into `bytes` does not outlive this call.
        if let r = inPlace {
            data.append(contentsOf: UnsafeBufferPointer(start: base + r.lowerBound, count: r.count))
            inPlace = nil
        }
    }

    /// At the end of the stream: the standard discards an event that was not ended by an empty line;
    /// novelist keeps its data if it is complete `data:` text, because some servers omit the last blank line.
    package mutating func finish(_ onEvent: (String) -> Void) {
        finishBytes { onEvent(String(decoding: $0, as: UTF8.self)) }
    }

    package mutating func finishBytes(_ onEvent: (UnsafeBufferPointer<UInt8>) -> Void) {
        let rest = line
        line = []
        if !rest.isEmpty { rest.withUnsafeBufferPointer { processLine($0.baseAddress!, 0..<$0.count, inBuffer: false, onEvent) } }
        if hasData { dispatch(nil, onEvent) }
    }

    private mutating func processLine(
        _ base: UnsafePointer<UInt8>, _ range: Range<Int>, inBuffer: Bool, _ onEvent: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var start = range.lowerBound
        let end = range.upperBound
        if !sawFirstLine {
            sawFirstLine = true
            if end - start >= 3 && base[start] == 0xEF && base[start + 1] == 0xBB && base[start + 2] == 0xBF { start += 3 }
        }
        if start == end {
            if hasData { dispatch(base, onEvent) }
            return
        }
        if base[start] == UInt8(ascii: ":") { return }  // comment / keep-alive
        // `data:` is nearly every line: its colon is known without a search.
        let isDataPrefix = end - start >= 5 && memcmp(base + start, "data:", 5) == 0
        let colon = isDataPrefix ? start + 4 : (Self.find(UInt8(ascii: ":"), base, start, end - start) ?? end)
        let name = colon - start
        let isData =
            name == 4 && base[start] == UInt8(ascii: "d") && base[start + 1] == UInt8(ascii: "a")
            && base[start + 2] == UInt8(ascii: "t") && base[start + 3] == UInt8(ascii: "a")
        if name == 5 && errorField == nil && memcmp(base + start, "error", 5) == 0 {
            let from = min(colon + 1, end)
            let value = String(decoding: UnsafeBufferPointer(start: base + from, count: end - from), as: UTF8.self).trimmingWhitespace()
            errorField = Self.errorMessage(value)
        }
        guard isData else { return }  // event:, id:, retry: and unknown fields carry nothing novelist uses
        var valueStart = colon + 1
        if valueStart < end, base[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        valueStart = min(valueStart, end)
        if !hasData && inBuffer {
            inPlace = valueStart..<end
            hasData = true
            return
        }
        if let r = inPlace {
            data.append(contentsOf: UnsafeBufferPointer(start: base + r.lowerBound, count: r.count))
            inPlace = nil
        }
        if hasData { data.append(0x0A) }
        data.append(contentsOf: UnsafeBufferPointer(start: base + valueStart, count: end - valueStart))
        hasData = true
    }

    /// The offset from `base` of the first `byte` in `count` bytes from `from` (memchr).
    @inline(__always)
    private static func find(_ byte: UInt8, _ base: UnsafePointer<UInt8>, _ from: Int, _ count: Int) -> Int? {
        guard count > 0, let p = memchr(base + from, Int32(byte), count) else { return nil }
        return UnsafeRawPointer(p) - UnsafeRawPointer(base)
    }

    private mutating func dispatch(_ base: UnsafePointer<UInt8>?, _ onEvent: (UnsafeBufferPointer<UInt8>) -> Void) {
        if let r = inPlace, let base {
            onEvent(UnsafeBufferPointer(start: base + r.lowerBound, count: r.count))
            inPlace = nil
        } else {
            data.withUnsafeBufferPointer { onEvent($0) }
            data.removeAll(keepingCapacity: true)
        }
        hasData = false
    }
}
extension SSEDecoder {
    /// `{"code":500,"message":"…"}`, `{"error":{"message":"…"}}` or plain text: the message, at most 300 characters.
    static func errorMessage(_ value: String) -> String {
        let object = (try? JSONSerialization.jsonObject(with: Data(value.utf8))) as? [String: Any]
        let nested = object?["error"] as? [String: Any]
        let message = (object?["message"] as? String) ?? (nested?["message"] as? String) ?? (object?["error"] as? String) ?? value
        return String((message.isEmpty ? "error" : message).prefix(300))
    }
}
