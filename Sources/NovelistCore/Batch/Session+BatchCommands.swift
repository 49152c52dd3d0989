import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// `/summarize all` and `/check all`: many chapters at once, reviewed (or reported) in chapter order.
extension Session {
    /// Summarizes every chapter that has prose and no summary; the summaries are reviewed together and
    /// written as one change (one /undo takes them all back).
    func summarizeAll(in open: OpenStory) throws -> Outcome {
        let (story, store) = (open.workspace, open.store)
        let todo = try story.chapters().filter { !$0.prose.trimmingWhitespace().isEmpty && ($0.document["summary"] ?? "").isEmpty }
        if todo.isEmpty {
            console.info(L("Every chapter with prose has a summary."))
            return .ok
        }
        lastLine = ("/summarize all", "summarize")
        lastTask = nil
        let byNumber = Dictionary(todo.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        let items = try BatchPlan.order(todo.map(\.number)).map { n -> BatchItem in
            let file = byNumber[n]!
            let (plan, maxTokens) = try summarizePlan(n, file: file, in: open)
            return BatchItem(file: file, plan: plan, maxTokens: maxTokens)
        }
        var bases: [Int: String?] = [:]
        for item in items { bases[item.number] = try fs.read(story.path(item.file.path)) }
        var outcome = try runBatch(task: "summarize", items: items)

        // The proposals, in chapter order.
        var proposals: [(file: ChapterFile, summary: String, text: String)] = []
        for item in items {
            guard let reply = outcome.replies[item.number] else { continue }
            let summary = Self.summaryText(reply.content)
            guard !summary.isEmpty else {
                outcome.failures.append((item.number, L("the reply was empty")))
                continue
            }
            var document = item.file.document
            document["summary"] = summary
            proposals.append((item.file, summary, document.render()))
        }
        outcome.failures.sort { $0.chapter < $1.chapter }
        let again = L("/summarize all again asks only for the chapters still without a summary.")
        guard !proposals.isEmpty else {
            reportFailures(outcome, again: again)
            console.info(L("Nothing was written."))
            return outcome.endpointFailed ? .endpointFailed : .failed
        }
        for p in proposals {
            console.output(L("Chapter %d · %@", p.file.number, p.file.title) + "\n  " + p.summary)
        }
        var taken = proposals
        if !assumeYes {
            let choice = choose(
                L(
                    "Write these %d summaries as one change? [y] write all · [n] write none · [c] choose one by one · [?] help ",
                    proposals.count),
                from: ["y", "n", "c"],
                help: L(
                    "y  write every summary shown, as one change (one /undo takes them all back)\nn  write none (they stay in chat.jsonl)\nc  answer y or n for each chapter, then write those as one change"
                ))
            switch choice {
            case "y": break
            case "c":
                taken = proposals.filter {
                    choose(
                        L("Write the summary of chapter %d? [y/n] ", $0.file.number), from: ["y", "n"],
                        help: L("y  write it          n  leave it out"))
                        == "y"
                }
            default: taken = []
            }
        } else {
            console.info(L("Write these %d summaries as one change? ", proposals.count) + "y (--yes)")
        }
        // A chapter edited on disk meanwhile keeps its edit; its summary is left out.
        var edits: [FileEdit] = []
        for p in taken {
            if try fs.read(story.path(p.file.path)) != bases[p.file.number] ?? nil {
                try noticeOutsideEdits()
                console.error(L("%@ changed on disk meanwhile; its summary is not written.", p.file.path))
                continue
            }
            edits.append(FileEdit(p.file.path, p.text))
        }
        if edits.isEmpty {
            console.info(L("Nothing was written. The replies are kept in chat.jsonl."))
        } else {
            try store.apply(Phrase("summarize %d chapters", edits.count), edits, fromModel: true)
            for p in taken { recordProvenance(old: bases[p.file.number] ?? nil, proposal: p.text) }
            console.info(L("Wrote the summaries of %d chapters as one change (/undo takes all of them back).", edits.count))
        }
        reportFailures(outcome, again: again)
        if outcome.endpointFailed { return .endpointFailed }
        return outcome.failures.isEmpty && !cancel.isCancelled && !unclearAnswer ? .ok : .failed
    }

    /// Checks every chapter that has prose; prints the findings per chapter, in chapter order. Writes nothing.
    func checkAll(in open: OpenStory) throws -> Outcome {
        let story = open.workspace
        let chapters = try story.chapters().filter { !$0.prose.trimmingWhitespace().isEmpty }
        guard !chapters.isEmpty else {
            console.info(L("No chapter has prose to check yet."))
            return .ok
        }
        lastLine = ("/check all", "check")
        lastTask = nil
        let byNumber = Dictionary(chapters.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        let items = try BatchPlan.order(chapters.map(\.number)).map { n -> BatchItem in
            let file = byNumber[n]!
            let (plan, maxTokens) = try checkPlan(n, file: file, in: open)
            return BatchItem(file: file, plan: plan, maxTokens: maxTokens)
        }
        let outcome = try runBatch(task: "check", items: items)
        for item in items {
            guard let reply = outcome.replies[item.number] else { continue }
            console.output("── " + L("Chapter %d · %@", item.number, item.file.title) + " ──")
            reportDueThreads(item.number, story: story)
            console.output(reply.content.trimmingWhitespace())
        }
        console.info(L("(Nothing was changed: /check only reports.)"))
        reportFailures(outcome, again: L("/check chapter N checks one of them again."))
        if outcome.endpointFailed { return .endpointFailed }
        return outcome.failures.isEmpty && !cancel.isCancelled ? .ok : .failed
    }
}
