import Foundation
import NovelistText

/// Tokens, cost and requests of one kind of work (a task, a model) or of all of it.
package struct UsageBucket: Codable, Equatable, Sendable {
    package var requests = 0
    package var promptTokens = 0
    package var completionTokens = 0
    package var cachedTokens = 0
    package var cost = 0.0

    package init() {}

    package mutating func add(prompt: Int, completion: Int, cached: Int, cost: Double) {
        requests += 1
        promptTokens += prompt
        completionTokens += completion
        cachedTokens += cached
        self.cost += cost
    }

    /// `3 requests · 1200 tokens in (0 cached) · 300 out[ · cost 0.0012]`.
    package func line(showCost: Bool) -> String {
        showCost
            ? L("%d requests · %d tokens in (%d cached) · %d out · cost %.4f", requests, promptTokens, cachedTokens, completionTokens, cost)
            : L("%d requests · %d tokens in (%d cached) · %d out", requests, promptTokens, cachedTokens, completionTokens)
    }
}

/// The running total of tokens (and cost) for a story, kept in `.novelist/usage.json`: the total (its
/// fields at the top level, as before), and the same per task (chat, expand, summarize, check …) and per model.
package struct UsageTotals: Codable, Equatable, Sendable {
    package var requests = 0
    package var promptTokens = 0
    package var completionTokens = 0
    package var cachedTokens = 0
    package var cost = 0.0
    /// Absent in a usage.json written before they were counted.
    package var byTask: [String: UsageBucket]?
    package var byModel: [String: UsageBucket]?

    package init() {}

    package var total: UsageBucket {
        var b = UsageBucket()
        b.requests = requests
        b.promptTokens = promptTokens
        b.completionTokens = completionTokens
        b.cachedTokens = cachedTokens
        b.cost = cost
        return b
    }

    package mutating func add(prompt: Int, completion: Int, cached: Int, cost: Double, task: String, model: String) {
        requests += 1
        promptTokens += prompt
        completionTokens += completion
        cachedTokens += cached
        self.cost += cost
        var tasks = byTask ?? [:]
        tasks[task, default: UsageBucket()].add(prompt: prompt, completion: completion, cached: cached, cost: cost)
        byTask = tasks
        var models = byModel ?? [:]
        models[model, default: UsageBucket()].add(prompt: prompt, completion: completion, cached: cached, cost: cost)
        byModel = models
    }

    /// What `/usage` prints: the total, then a line per task and per model (most requests first).
    package func report(showCost: Bool) -> [String] {
        var lines = [total.line(showCost: showCost)]
        for (title, table) in [(L("By task:"), byTask ?? [:]), (L("By model:"), byModel ?? [:])] where !table.isEmpty {
            lines.append(title)
            let rows = table.sorted { ($0.value.requests, $1.key) > ($1.value.requests, $0.key) }
            let width = rows.map { DisplayWidth.of($0.key) }.max() ?? 0
            for (name, bucket) in rows {
                lines.append("  " + DisplayWidth.pad(TerminalText.clean(name), to: width) + "  " + bucket.line(showCost: showCost))
            }
        }
        return lines
    }
}

extension Session {
    var usagePath: String? { openStory?.workspace.path(".novelist/usage.json") }

    func usageTotals() -> UsageTotals {
        guard let usagePath, let text = try? fs.read(usagePath),
            let totals = try? JSONDecoder().decode(UsageTotals.self, from: Data(text.utf8))
        else { return UsageTotals() }
        return totals
    }

    /// Counts one reply's tokens under its task and the model that answered.
    func addUsage(_ u: Usage, task: String, model: String) {
        guard let usagePath, openStory?.store.readOnly == false else { return }
        var t = usageTotals()
        var cost = 0.0
        if let pi = settings.priceInput, let po = settings.priceOutput {
            cost = (Double(u.promptTokens) * pi + Double(u.completionTokens) * po) / 1_000_000
        }
        t.add(prompt: u.promptTokens, completion: u.completionTokens, cached: u.cachedTokens, cost: cost, task: task, model: model)
        if let data = try? JSONEncoder().encode(t) { try? fs.writeAtomically(usagePath, String(decoding: data, as: UTF8.self)) }
    }

    func showUsage(in open: OpenStory) throws {
        console.output(usageTotals().report(showCost: settings.priceInput != nil).joined(separator: "\n"))
    }
}
