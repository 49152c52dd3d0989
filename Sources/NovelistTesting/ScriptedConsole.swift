import NovelistCore

/// A console for tests: answers questions from a script and keeps everything the session said.
public final class ScriptedConsole: Console {
    /// The answers to `ask`, in order; nil (the end of input) once they are used up.
    public var answers: [String]
    /// What `edit` returns for each call, in order; when empty, the text comes back unchanged.
    public var edits: [String?] = []
    public private(set) var outputs: [String] = []
    public private(set) var infos: [String] = []
    public private(set) var errors: [String] = []
    public private(set) var questions: [String] = []
    public private(set) var streamed = ""
    public var colorEnabled = false
    public var isInteractive: Bool

    public init(answers: [String] = [], isInteractive: Bool = false) {
        self.answers = answers
        self.isInteractive = isInteractive
    }

    /// Everything shown, in one text (outputs, infos and errors interleaved as they came).
    public private(set) var transcript = ""

    private func note(_ text: String) { transcript += text.hasSuffix("\n") ? text : text + "\n" }

    public func output(_ text: String) {
        outputs.append(text)
        note(text)
    }
    public func info(_ text: String) {
        infos.append(text)
        note(text)
    }
    public func error(_ text: String) {
        errors.append(text)
        note(text)
    }
    public func streamContent(_ text: String) { streamed += text }
    public func streamReasoning(_ text: String) {}
    public func streamBegan() {}
    public func streamEnded() {}
    public func edit(_ text: String, fileName: String) throws -> String? {
        edits.isEmpty ? text : edits.removeFirst()
    }
    public func ask(_ question: String) -> String? {
        questions.append(question)
        note(question)
        return answers.isEmpty ? nil : answers.removeFirst()
    }
    public func page(_ text: String) { output(text) }
    public func progress(_ text: String) {}
}
