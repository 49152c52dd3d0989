@preconcurrency import CReadline
import Foundation
import NovelistCore
import Synchronization

enum LineResult: Equatable {
    case line(String)
    case eof
    /// Ctrl-C at the prompt: the line was cleared.
    case interrupted
}

/// Where input lines come from: readline on a terminal, plain lines from a pipe.
protocol LineSource: AnyObject {
    func readLine(prompt: String) -> LineResult
    func close()
}

/// SIGINT: cancels the running request, or clears the line at the prompt. The handler only sets flags.
enum Signals {
    static let cancel = CancelToken()
    static let interrupted = Atomic<Bool>(false)

    static func install() {
        // Both statics exist before the handler can run (lazy initialisation is not async-signal-safe).
        cancel.reset()
        interrupted.store(false, ordering: .relaxed)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            Signals.cancel.cancel()
            Signals.interrupted.store(true, ordering: .relaxed)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: poll() returns EINTR so the prompt can be redrawn
        sigaction(SIGINT, &action, nil)
        signal(SIGPIPE, SIG_IGN)
        // A parent may have started us with signals blocked (test runners do); Ctrl-C must still work.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGHUP)
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }
}

/// Lines from a pipe or file, without readline. Confirmations read the next line.
final class PipeInput: LineSource {
    func readLine(prompt: String) -> LineResult {
        guard let line = Swift.readLine(strippingNewline: true) else { return .eof }
        return .line(line)
    }
    func close() {}
}

/// GNU readline through its callback interface, so that Ctrl-C gives a fresh prompt at once.
final class ReadlineInput: LineSource {
    private let historyPath: String?

    init(environment: [String: String]) {
        ReadlineInput.prepareLocale(environment)
        nv_rl_set_catch_signals(0)
        nv_rl_set_name("novelist")
        nv_rl_set_completion(novelistComplete)
        nv_rl_set_display_matches_hook(novelistDisplayMatches)
        nv_rl_enable_bracketed_paste()
        nv_rl_bind_edit(novelistEditLine)
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"].map { $0 + "/.local/share" })
        if let dataHome {
            let dir = dataHome + "/novelist"
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let path = dir + "/history"
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            read_history(path)
            historyPath = path
        } else {
            historyPath = nil
        }
        nv_history_stifle(2000)
    }

    /// readline reads the locale itself on first use; without a UTF-8 locale Chinese input turns into Meta keys.
    static func prepareLocale(_ env: [String: String]) {
        func utf8(_ v: String?) -> Bool { v.map { $0.lowercased().contains("utf-8") || $0.lowercased().contains("utf8") } ?? false }
        if let all = env["LC_ALL"], !all.isEmpty, !utf8(all) { unsetenv("LC_ALL") }
        if !utf8(env["LC_ALL"]) && !utf8(env["LC_CTYPE"]) && !utf8(env["LANG"]) {
            setenv("LC_CTYPE", "C.UTF-8", 1)
        }
        setlocale(LC_ALL, "")
    }

    func readLine(prompt: String) -> LineResult {
        ReadlineState.reset()
        Signals.interrupted.store(false, ordering: .relaxed)
        rl_callback_handler_install(prompt, readlineLineHandler)
        while !ReadlineState.done {
            var pfd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let r = poll(&pfd, 1, -1)
            if r < 0 {
                if errno == EINTR {
                    if Signals.interrupted.exchange(false, ordering: .relaxed) {
                        nv_rl_fresh_line()
                        rl_callback_handler_remove()
                        Signals.cancel.reset()
                        return .interrupted
                    }
                    continue
                }
                rl_callback_handler_remove()
                return .eof
            }
            rl_callback_read_char()
        }
        guard let line = ReadlineState.line else { return .eof }
        if !line.trimmingWhitespace().isEmpty {
            add_history(line)
            if let historyPath { append_history(1, historyPath) }
        }
        return .line(line)
    }

    func close() {
        rl_callback_handler_remove()
        if let historyPath { history_truncate_file(historyPath, 2000) }
    }
}

/// readline's line callback is a C function; its result travels through this state (main thread only).
enum ReadlineState {
    nonisolated(unsafe) static var done = false
    nonisolated(unsafe) static var line: String?
    static func reset() {
        done = false
        line = nil
    }
}

func readlineLineHandler(_ raw: UnsafeMutablePointer<CChar>?) {
    if let raw {
        ReadlineState.line = String(cString: raw)
        free(raw)
    } else {
        ReadlineState.line = nil
    }
    ReadlineState.done = true
    rl_callback_handler_remove()
}

/// Tab completion from the command table: commands, their sub-words, stories, chapters, models.
enum Completion {
    nonisolated(unsafe) static weak var session: Session?
    nonisolated(unsafe) static var candidates: [String] = []
    nonisolated(unsafe) static var index = 0

    static func candidates(line: String, word: String) -> [String] {
        let before = line.trimmingWhitespace()
        if !before.contains(" ") && (before.isEmpty || before.hasPrefix("/")) && line.hasSuffix(word) && !line.hasSuffix(" ")
            || before == word
        {
            return CommandTable.completions(forCommandPrefix: word)
        }
        guard before.hasPrefix("/") else { return [] }
        let name = String(before.dropFirst().prefix(while: { !$0.isWhitespace }))
        guard let spec = CommandTable.find(name) else { return [] }
        var options = spec.subwords
        switch spec.argument {
        case .story: options += session?.storySlugs() ?? []
        case .chapter:
            if let story = session?.openStory?.workspace { options += ((try? story.outline()) ?? []).map { String($0.number) } }
        case .command: options += CommandTable.all.map { $0.name }
        case .bible:
            if let story = session?.openStory?.workspace { options += ((try? BibleEntry.load(story)) ?? []).map(\.name) }
        default: break
        }
        return options.filter { $0.hasPrefix(word) }
    }
}

func novelistComplete(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    nv_rl_no_default_completion()
    let word = text.map { String(cString: $0) } ?? ""
    let line = String(String(cString: nv_rl_line_buffer()).utf8.prefix(Int(end))) ?? ""
    Completion.candidates = Completion.candidates(line: line, word: word)
    Completion.index = 0
    return rl_completion_matches(text, novelistCompletionGenerator)
}

/// Shows chapter numbers with their titles when Tab lists them ("3  第三章 灯塔").
func novelistDisplayMatches(_ matches: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ count: Int32, _ maxLength: Int32) {
    guard let matches, count > 0 else { return }
    var titles: [String: String] = [:]
    if let story = Completion.session?.openStory?.workspace, let meta = Completion.session?.openStory?.meta {
        for e in (try? story.outline()) ?? [] { titles[String(e.number)] = meta.language.chapterHeading(e.number, title: e.title) }
    }
    var out = "\n"
    for i in 1...Int(count) {
        guard let m = matches[i] else { continue }
        let word = String(cString: m)
        out += titles[word].map { "\(word.padding(toLength: 5, withPad: " ", startingAt: 0)) \($0)" } ?? word
        out += "\n"
    }
    fputs(out, stdout)
    fflush(stdout)
    rl_forced_update_display()
}

/// Ctrl-X Ctrl-E: edit the line being typed in $VISUAL/$EDITOR.
func novelistEditLine(_ count: Int32, _ key: Int32) -> Int32 {
    let current = String(cString: nv_rl_line_buffer())
    rl_deprep_terminal()
    let edited = try? Editor.edit(current, fileName: "input.md", interactive: true)
    rl_prep_terminal(1)
    if let edited {
        var text = edited
        while text.hasSuffix("\n") { text.removeLast() }
        nv_rl_replace_buffer(text)
    }
    rl_forced_update_display()
    return 0
}

func novelistCompletionGenerator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    if state == 0 { Completion.index = 0 }
    guard Completion.index < Completion.candidates.count else { return nil }
    defer { Completion.index += 1 }
    return strdup(Completion.candidates[Completion.index])
}

/// A spinner with the elapsed time while the first token is awaited: on a terminal only, on stderr, from
/// a thread of its own (the request blocks the main thread). Stopped before anything else is written.
final class Spinner: @unchecked Sendable {
    private let lock = NSLock()
    private var running = false
    private var generation = 0
    private var thread: Thread?

    func start(label: String) {
        lock.lock()
        defer { lock.unlock() }
        guard !running else { return }
        running = true
        generation += 1
        let mine = generation
        let started = Date()
        let t = Thread { [weak self] in
            let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
            var i = 0
            while true {
                guard let self else { return }
                self.lock.lock()
                if !self.running || self.generation != mine {
                    self.lock.unlock()
                    return
                }
                let line = String(
                    format: "\r\u{1B}[2m%@ %@ %.1f s\u{1B}[0m\u{1B}[K", frames[i % frames.count], label, Date().timeIntervalSince(started))
                fputs(line, stderr)
                fflush(stderr)
                self.lock.unlock()
                i += 1
                usleep(100_000)
            }
        }
        thread = t
        t.start()
    }

    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard running else { return }
        running = false
        fputs("\r\u{1B}[K", stderr)
        fflush(stderr)
    }
}

/// The terminal (or pipe) side of the session.
final class TerminalConsole: Console {
    private let spinner = Spinner()
    /// A progress line is on screen: the next message starts on a fresh line.
    private var progressShown = false
    let input: any LineSource
    let colorEnabled: Bool
    let interactive: Bool
    private var atLineStart = true
    private var inReasoning = false

    init(input: any LineSource, color: Bool, interactive: Bool) {
        self.input = input
        self.colorEnabled = color
        self.interactive = interactive
    }

    private func write(_ fd: Int32, _ s: String) {
        var s = s
        s.withUTF8 { buf in
            var off = 0
            while off < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    return
                }
                off += n
            }
        }
    }

    private func paint(_ s: String, _ code: String) -> String { colorEnabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    /// readline needs non-printing sequences wrapped in \001 … \002 to keep the cursor right.
    func promptText(_ p: String) -> String {
        colorEnabled ? "\u{01}\u{1B}[1;36m\u{02}\(p)\u{01}\u{1B}[0m\u{02}" : p
    }

    func output(_ text: String) {
        spinner.stop()
        write(1, TerminalText.clean(text, keepingStyles: true) + "\n")
    }
    func info(_ text: String) {
        spinner.stop()
        if progressShown {
            write(2, "\r\u{1B}[K")
            progressShown = false
        }
        write(2, paint(TerminalText.clean(text, keepingStyles: true), "2") + "\n")
    }
    func error(_ text: String) {
        spinner.stop()
        write(2, paint(TerminalText.clean(text, keepingStyles: true), "31") + "\n")
    }

    func streamBegan() {
        atLineStart = true
        inReasoning = false
        if interactive && isatty(STDERR_FILENO) == 1 { spinner.start(label: L("waiting for the model")) }
    }

    func streamContent(_ text: String) {
        spinner.stop()
        // A reply may not drive the terminal: escape and other control characters are dropped.
        let text = TerminalText.clean(text)
        if inReasoning {
            write(2, paint("", "0") + "\n")
            inReasoning = false
        }
        write(1, text)
        // By its last byte: `hasSuffix` compares Characters (900 instructions a call on Chinese text). The same
        // answer, since a newline ends every grapheme it is in (the carriage return was dropped by `clean`).
        atLineStart = text.utf8.last == 0x0A
    }

    func streamReasoning(_ text: String) {
        spinner.stop()
        inReasoning = true
        write(2, paint(TerminalText.clean(text), "2;3"))
    }

    func streamEnded() {
        spinner.stop()
        if inReasoning { write(2, "\n") }
        if !atLineStart { write(1, "\n") }
        atLineStart = true
        inReasoning = false
    }

    var isInteractive: Bool { interactive }

    func progress(_ text: String) {
        guard interactive, isatty(STDERR_FILENO) == 1 else { return }
        spinner.stop()
        write(2, "\r" + paint(text, "2") + "\u{1B}[K")
        progressShown = true
    }

    /// Long diffs go through $PAGER (default `less -R`) on a terminal, spawned with an argument vector.
    func page(_ text: String) {
        let text = TerminalText.clean(text, keepingStyles: true)
        var ws = winsize()
        let rows = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0 && ws.ws_row > 0 ? Int(ws.ws_row) : 40
        let lineCount = text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 } + 1
        guard interactive, isatty(STDOUT_FILENO) == 1, lineCount > rows - 2 else {
            output(text)
            return
        }
        let env = ProcessInfo.processInfo.environment
        let command = env["PAGER"].flatMap { $0.trimmingWhitespace().isEmpty ? nil : $0 } ?? "less -R"
        let argv = command.split(whereSeparator: \.isWhitespace).map(String.init)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            output(text)
            return
        }
        var environment = env
        if environment["LESS"] == nil { environment["LESS"] = "FRX" }
        let started = try? Spawn.start(argv, searchPath: true, input: .descriptor(fds[0], closeInChild: [fds[1]]), environment: environment)
        close(fds[0])
        guard let pid = started else {
            close(fds[1])
            output(text)
            return
        }
        var bytes = Array((text + "\n").utf8)
        bytes.withUnsafeMutableBytes { buf in
            var off = 0
            while off < buf.count {
                let n = Glibc.write(fds[1], buf.baseAddress! + off, buf.count - off)
                if n <= 0 { break }
                off += n
            }
        }
        close(fds[1])
        _ = try? Spawn.wait(pid)
    }

    func edit(_ text: String, fileName: String) throws -> String? {
        try Editor.edit(text, fileName: fileName, interactive: interactive)
    }

    func ask(_ question: String) -> String? {
        if !interactive { write(2, question) }
        switch input.readLine(prompt: promptText(question)) {
        case .line(let l):
            if !interactive { write(2, l + "\n") }
            return l
        case .eof, .interrupted:
            if !interactive { write(2, "\n") }
            return nil
        }
    }
}
