import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// `/doctor` and `novelist doctor`: checks, in order, what novelist needs, one line each, with what to do when
/// a check fails. Endpoint checks after a failed one are skipped (they could only fail the same way).
extension Session {
    enum DoctorStatus: String {
        case ok = "ok  "
        case warn = "warn"
        case fail = "FAIL"
        case skip = "skip"
    }

    func doctor() -> Outcome {
        var failed = false
        var endpointFailed = false
        func line(_ status: DoctorStatus, _ step: String, _ text: String) {
            if status == .fail { failed = true }
            let mark =
                console.colorEnabled
                ? (status == .ok ? "\u{1B}[32m" : status == .fail ? "\u{1B}[31m" : "\u{1B}[33m") + status.rawValue + "\u{1B}[0m"
                : status.rawValue
            console.output("\(mark)  \(DisplayWidth.pad(step, to: 15)) \(text)")
        }
        let host = BaseURL.host(settings.baseURL)

        // 1. The configuration as resolved.
        let keyText = settings.apiKey == nil ? L("no key") : L("key %@ (from %@)", settings.maskedKey, settings.keyVariable)
        line(
            .ok, L("configuration"),
            "\(settings.provider ?? L("no provider")) · \(settings.baseURL) · \(L("model")) \(settings.model ?? L("(first listed)")) · \(keyText)"
        )

        // 2–4. The endpoint answers, the key is accepted, the model is listed.
        var client = self.client
        client.settings.retries = 1
        var models: [String]?
        var reachable = true
        do {
            let started = Date()
            models = try client.listModels(cancel: cancel)
            line(
                .ok, L("endpoint"),
                L("%@ answers (%d models listed, %d ms)", host, models?.count ?? 0, Int(Date().timeIntervalSince(started) * 1000)))
            line(
                settings.apiKey == nil ? .skip : .ok, L("API key"),
                settings.apiKey == nil ? L("none set (the server did not ask for one)") : L("accepted"))
        } catch {
            switch error.kind {
            case .unauthorized, .forbidden:
                line(.ok, L("endpoint"), L("%@ answers", host))
                line(.fail, L("API key"), error.message)
                reachable = false
            case .notFound, .htmlPage, .malformed, .http:
                line(.warn, L("endpoint"), L("%@ answers, but its models list is unavailable: %@", host, error.message))
                line(.skip, L("API key"), L("checked by the test request below"))
            default:
                line(.fail, L("endpoint"), error.message)
                reachable = false
            }
        }
        let model = settings.model ?? models?.first
        if !reachable {
            for step in [L("model"), L("test request"), L("context window")] { line(.skip, step, L("the endpoint is not usable yet")) }
            endpointFailed = true
        } else {
            if let model {
                if let models, !models.contains(model) {
                    line(
                        .fail, L("model"),
                        L(
                            "%@ is not among the %d models the server lists (/models shows them); set NOVELIST_MODEL or use /model NAME.",
                            model, models.count))
                } else {
                    line(
                        models == nil ? .skip : .ok, L("model"),
                        models == nil ? L("%@ (the server lists no models to check against)", model) : L("%@ is listed", model))
                }
            } else {
                line(.fail, L("model"), L("no model is set and the server lists none: set NOVELIST_MODEL."))
            }
            // 5. One token, with its latency.
            if let model {
                let started = Date()
                do {
                    let reply = try client.stream(
                        messages: [.user("Reply with the single word OK.")],
                        options: ChatRequestOptions(model: model, temperature: 0, maxTokens: 1),
                        cancel: cancel
                    ) { _ in }
                    let ms = Int(Date().timeIntervalSince(started) * 1000)
                    // A one-token reply ends at the token limit ("length"); anything cut or cancelled is a failure.
                    if case .finished = reply.ending {
                        line(.ok, L("test request"), L("a one-token reply in %d ms", ms))
                    } else {
                        line(.fail, L("test request"), L("the reply was cut short: %@", reply.ending.label))
                    }
                } catch {
                    line(.fail, L("test request"), error.message)
                }
            } else {
                line(.skip, L("test request"), L("no model to ask"))
            }
            // 6. The context window the server reports, against NOVELIST_CONTEXT_TOKENS.
            if let (window, source) = client.reportedContextWindow(model: model ?? "", cancel: cancel) {
                if window < settings.contextTokens {
                    line(
                        .fail, L("context window"),
                        L(
                            "the server's window is %d tokens (%@) but NOVELIST_CONTEXT_TOKENS is %d: set NOVELIST_CONTEXT_TOKENS=%d.",
                            window, source, settings.contextTokens, window))
                } else {
                    line(
                        .ok, L("context window"),
                        L(
                            "%d tokens on the server (%@); novelist budgets %d (NOVELIST_CONTEXT_TOKENS)", window, source,
                            settings.contextTokens))
                }
            } else {
                line(
                    .skip, L("context window"),
                    L("the server does not report it; novelist budgets %d tokens (NOVELIST_CONTEXT_TOKENS)", settings.contextTokens))
            }
            if failed { endpointFailed = true }
        }

        // 7. pandoc, for html, epub and docx.
        let environment = ProcessInfo.processInfo.environment
        if let pandoc = Pandoc(environment: environment).locate() {
            line(.ok, "pandoc", L("%@ (for html, epub and docx exports)", pandoc))
        } else {
            line(
                .fail, "pandoc",
                L(
                    "not found: html, epub and docx exports need it (Debian/Ubuntu: sudo apt-get install pandoc); md and txt work without it."
                ))
        }

        // 8. The terminal.
        if !console.isInteractive {
            line(.ok, L("terminal"), L("not a terminal: plain output, answers read line by line"))
        } else {
            let locale =
                environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 }
                ?? environment["LANG"] ?? ""
            let utf8 = locale.lowercased().replacingOccurrences(of: "-", with: "").contains("utf8")
            let width = console.terminalWidth.map { L("%d columns", $0) } ?? L("width unknown")
            let colour = console.colorEnabled ? L("colours on") : L("colours off")
            if utf8 {
                line(.ok, L("terminal"), "UTF-8 · \(colour) · \(width)")
            } else {
                line(
                    .fail, L("terminal"),
                    L(
                        "the locale '%@' is not UTF-8, so Chinese may not display: set LANG=C.UTF-8 (or zh_CN.UTF-8). %@ · %@", locale,
                        colour, width))
            }
        }
        console.info(failed ? L("Some checks failed: see the lines marked FAIL.") : L("All checks passed."))
        return endpointFailed ? .endpointFailed : failed ? .failed : .ok
    }
}
