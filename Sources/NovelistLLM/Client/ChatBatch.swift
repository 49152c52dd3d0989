import Foundation
import NovelistText

/// One request of a batch.
package struct ChatJob: Sendable {
    package var messages: [ChatMessage]
    package var options: ChatRequestOptions

    package init(messages: [ChatMessage], options: ChatRequestOptions) {
        self.messages = messages
        self.options = options
    }
}

/// Many requests at once: up to `concurrency` threads, each running one transfer at a time through the
/// client (every transfer has its own libcurl easy handle, made and freed inside `CurlTransport.perform`,
/// so no handle is ever shared between threads). Every request of the batch shares one `RequestGate`: a
/// `Retry-After` pauses them all. Ctrl-C (the cancel token) stops starting new requests and cancels
/// those in flight; what finished is handed over all the same.
package enum ChatBatch {
    /// Runs `jobs` in the order given. `onResult` (job index, result) and `onTick` (about four times a
    /// second) are called on the calling thread only, so they may use the console and the story.
    package static func run(
        client: ChatClient, jobs: [ChatJob], concurrency: Int, cancel: CancelToken,
        onResult: (Int, Result<ChatReply, ClientError>) -> Void, onTick: () -> Void
    ) {
        guard !jobs.isEmpty else { return }
        var client = client
        client.gate = client.gate ?? RequestGate()
        let shared = BatchState(workers: min(max(1, concurrency), jobs.count))
        for _ in 0..<shared.active {
            let worker = Thread { [client] in
                while let index = shared.take(count: jobs.count, cancel: cancel) {
                    let result: Result<ChatReply, ClientError>
                    do throws(ClientError) {
                        result = .success(
                            try client.stream(messages: jobs[index].messages, options: jobs[index].options, cancel: cancel) { _ in })
                    } catch {
                        result = .failure(error)
                    }
                    shared.finish(index, result)
                }
                shared.workerDone()
            }
            worker.stackSize = 8 << 20
            worker.start()
        }
        while true {
            let (finished, running) = shared.drain(timeout: 0.25)
            for (index, result) in finished { onResult(index, result) }
            onTick()
            if running == 0 && finished.isEmpty { break }
        }
    }
}

/// What the workers and the calling thread share, behind one condition variable.
private final class BatchState: @unchecked Sendable {
    private let condition = NSCondition()
    private var next = 0
    private var done: [(Int, Result<ChatReply, ClientError>)] = []
    /// Workers still running.
    private(set) var active: Int

    init(workers: Int) {
        active = workers
    }

    /// The next job to start, or nil when there is none left or the batch was cancelled.
    func take(count: Int, cancel: CancelToken) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard !cancel.isCancelled, next < count else { return nil }
        next += 1
        return next - 1
    }

    func finish(_ index: Int, _ result: Result<ChatReply, ClientError>) {
        condition.lock()
        done.append((index, result))
        condition.signal()
        condition.unlock()
    }

    func workerDone() {
        condition.lock()
        active -= 1
        condition.signal()
        condition.unlock()
    }

    /// Waits up to `timeout` seconds for results; returns them and how many workers still run.
    func drain(timeout: Double) -> ([(Int, Result<ChatReply, ClientError>)], Int) {
        condition.lock()
        defer { condition.unlock() }
        if done.isEmpty && active > 0 { _ = condition.wait(until: Date().addingTimeInterval(timeout)) }
        let out = done
        done = []
        return (out, active)
    }
}
