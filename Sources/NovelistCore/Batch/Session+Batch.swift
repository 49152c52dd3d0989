import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// Batch work over many chapters: the requests are built here, on the session's thread, sent by
/// `ChatBatch` up to NOVELIST_CONCURRENCY at a time, and every finished reply is logged and counted here
/// again, on the session's thread (workers never touch the console or the story).
extension Session {
    /// One chapter's request in a batch.
    struct BatchItem {
        var file: ChapterFile
        var plan: ContextPlan
        var maxTokens: Int
        var number: Int { file.number }
    }

    /// What a batch brought back: the complete replies by chapter, the chapters that failed and why, and
    /// how many were never sent (Ctrl-C).
    struct BatchOutcome {
        var replies: [Int: ChatReply] = [:]
        var failures: [(chapter: Int, reason: String)] = []
        var endpointFailed = false
        /// Cancelled by Ctrl-C while in flight or waiting; and never sent.
        var interrupted = 0
        var notSent = 0
    }

    /// The request of `/summarize chapter N`.
    /// With `memory`, the model is also shown the chapter's cast and the open threads and asked for
    /// progressions and threads (`/summarize chapter N`); a batch asks for the summary only.
    func summarizePlan(_ n: Int, file: ChapterFile, memory: Bool = false, in open: OpenStory) throws -> (ContextPlan, Int) {
        let maxTokens = settings.maxTokens ?? 600
        var extra: [String: String] = [:]
        if memory { extra = memoryVariables(n, prose: file.prose, story: open.workspace).merging(["memory": "yes"]) { a, _ in a } }
        var request = try chapterTextRequest(
            n, file: file, template: "summarize", maxTokens: maxTokens, mentions: [], extra: extra, in: open)
        request.summaries = []
        request.bible = []
        return (try ContextBuilder.build(request), maxTokens)
    }

    /// The request of `/check chapter N`.
    func checkPlan(_ n: Int, file: ChapterFile, in open: OpenStory) throws -> (ContextPlan, Int) {
        let maxTokens = settings.maxTokens ?? 1500
        return (
            try ContextBuilder.build(
                try chapterTextRequest(n, file: file, template: "check", maxTokens: maxTokens, mentions: [file.prose], in: open)), maxTokens
        )
    }

    /// The one way a summary reply becomes the summary text (`/summarize chapter N` and `/summarize all`).
    static func summaryText(_ reply: String) -> String {
        MemoryUpdate.parse(reply).summary
    }

    /// Sends every item's request, `settings.concurrency` at a time, with a progress line; logs each reply in
    /// chat.jsonl and counts its tokens as it arrives. Ctrl-C stops starting requests and cancels those in
    /// flight; what finished is returned all the same.
    func runBatch(task: String, items: [BatchItem]) throws -> BatchOutcome {
        if let store = openStory?.store, store.readOnly { throw NovelistError.readOnly(holder: store.lockHolder) }
        let model = try model(for: task)
        let jobs = items.map {
            ChatJob(
                messages: $0.plan.messages,
                options: ChatRequestOptions(model: model, temperature: settings.temperature, maxTokens: $0.maxTokens))
        }
        let concurrency = min(settings.concurrency, items.count)
        console.info(L("Sending %d requests, %d at a time (NOVELIST_CONCURRENCY), to %@… (Ctrl-C stops)", items.count, concurrency, model))
        let started = Date()
        var progress = BatchProgress(total: items.count)
        var outcome = BatchOutcome()
        var logFailed: String?
        ChatBatch.run(
            client: client, jobs: jobs, concurrency: concurrency, cancel: cancel,
            onResult: { index, result in
                let item = items[index]
                switch result {
                case .success(let reply):
                    do {
                        try record(task: task, userText: "/\(task) chapter \(item.number)", reply: reply)
                    } catch {
                        logFailed = "\(error)"
                    }
                    if let u = reply.usage {
                        learnCalibration(model: model, rawEstimate: item.plan.rawTokens, observed: u.promptTokens)
                        addUsage(u, task: task, model: reply.model)
                    }
                    if reply.ending.isComplete {
                        outcome.replies[item.number] = reply
                        progress.done += 1
                    } else if reply.ending == .cancelled {
                        outcome.interrupted += 1
                    } else {
                        outcome.failures.append((item.number, Self.describeEnding(reply.ending)))
                        if case .cut = reply.ending { outcome.endpointFailed = true }
                        progress.failed += 1
                    }
                case .failure(let error) where error.kind == .cancelled:
                    outcome.interrupted += 1
                case .failure(let error):
                    outcome.failures.append((item.number, error.message))
                    outcome.endpointFailed = true
                    progress.failed += 1
                }
            },
            onTick: {
                progress.elapsed = Date().timeIntervalSince(started)
                console.progress(progress.text)
            })
        outcome.notSent = items.count - progress.finished - outcome.interrupted
        outcome.failures.sort { $0.chapter < $1.chapter }
        if let logFailed { console.error(L("Could not add the replies to chat.jsonl: %@", logFailed)) }
        let elapsed = BatchProgress.duration(Date().timeIntervalSince(started))
        console.info(
            cancel.isCancelled
                ? L(
                    "Interrupted: %d of %d requests finished in %@; %d cancelled, %d not sent.", progress.finished, items.count, elapsed,
                    outcome.interrupted, outcome.notSent)
                : L("%d of %d requests finished in %@.", progress.done, items.count, elapsed))
        return outcome
    }

    static func describeEnding(_ ending: StreamEnding) -> String {
        switch ending {
        case .cancelled: return L("Cancelled.")
        case .cut(let why): return L("cut short: %@", why)
        case .finished(let reason): return L("stopped early (finish_reason: %@)", reason)
        }
    }

    /// The chapters that failed, each with its reason, in chapter order.
    func reportFailures(_ outcome: BatchOutcome, again: String) {
        guard !outcome.failures.isEmpty else { return }
        console.error(L("%d failed: %@", outcome.failures.count, outcome.failures.map { "\($0.chapter)" }.joined(separator: ", ")))
        for f in outcome.failures { console.error("  " + L("Chapter %d: %@", f.chapter, f.reason)) }
        console.error(again)
    }
}
