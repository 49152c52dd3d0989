import Foundation
import NovelistText

/// A Server-Sent Events decoder as the HTML standard defines it, fed with bytes as they arrive.
/// Lines end in LF, CRLF or CR; `data:` fields of one event are joined with LF; `:` lines are comments;
/// an empty line dispatches the event. Bytes are buffered until a line ends, so an event split anywhere,
/// even inside a UTF-8 character, decodes the same.
public struct SSEDecoder: Sendable {
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var lastWasCR = false
    private var sawFirstLine = false
    /// The message of an `error:` field, as llama.cpp servers before PR #16109 send a failure (followed by
    /// `data: [DONE]`): the field is not in the standard, but it is the server's only word on what went wrong.
    public private(set) var errorField: String?

    public init() {}

    /// Feeds bytes; calls `onEvent` with the data of each completed event.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ onEvent: (String) -> Void) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var start = 0
        var i = 0
        let count = bytes.count
        while i < count {
            let b = base[i]
            if b == 0x0A || b == 0x0D {
                if b == 0x0A && lastWasCR && start == i && line.isEmpty {
                    // The LF of a CRLF pair whose CR ended the previous line.
                    lastWasCR = false
                    i += 1
                    start = i
                    continue
                }
                line.append(contentsOf: UnsafeBufferPointer(start: base + start, count: i - start))
                processLine(onEvent)
                line.removeAll(keepingCapacity: true)
                lastWasCR = b == 0x0D
                i += 1
                start = i
            } else {
                lastWasCR = false
                i += 1
            }
        }
        if start < count {
            line.append(contentsOf: UnsafeBufferPointer(start: base + start, count: count - start))
        }
    }

    public mutating func feed(_ bytes: [UInt8], _ onEvent: (String) -> Void) {
        bytes.withUnsafeBytes { feed($0, onEvent) }
    }

    /// At the end of the stream: the standard discards an event that was not ended by an empty line;
    /// novelist keeps its data if it is complete `data:` text, because some servers omit the last blank line.
    public mutating func finish(_ onEvent: (String) -> Void) {
        if !line.isEmpty { processLine(onEvent) }
        line.removeAll()
        if hasData { dispatch(onEvent) }
    }

    private mutating func processLine(_ onEvent: (String) -> Void) {
        if !sawFirstLine {
            sawFirstLine = true
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        }
        if line.isEmpty {
            if hasData { dispatch(onEvent) }
            return
        }
        if line[0] == UInt8(ascii: ":") { return }  // comment / keep-alive
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.count
        let isData =
            colon == 4 && line[0] == UInt8(ascii: "d") && line[1] == UInt8(ascii: "a")
            && line[2] == UInt8(ascii: "t") && line[3] == UInt8(ascii: "a")
        if colon == 5 && line.starts(with: Array("error".utf8)) && errorField == nil {
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingWhitespace()
            errorField = Self.errorMessage(value)
        }
        guard isData else { return }  // event:, id:, retry: and unknown fields carry nothing novelist uses
        var valueStart = colon + 1
        if valueStart < line.count, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        if hasData { data.append(0x0A) }
        if valueStart < line.count { data.append(contentsOf: line[valueStart...]) }
        hasData = true
    }

    private mutating func dispatch(_ onEvent: (String) -> Void) {
        onEvent(String(decoding: data, as: UTF8.self))
        data.removeAll(keepingCapacity: true)
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
