import NovelistCore

/// A console for tests: answers questions from a script and keeps everything the session said.
package final class ScriptedConsole: Console {
    /// The answers to `ask`, in order; nil (the end of input) once they are used up.
    package var answers: [String]
    /// What `edit` returns for each call, in order; when empty, the text comes back unchanged.
    package var edits: [String?] = []
    package private(set) var outputs: [String] = []
    package private(set) var infos: [String] = []
    package private(set) var errors: [String] = []
    package private(set) var questions: [String] = []
    package private(set) var streamed = ""
    package var colorEnabled = false
    package var isInteractive: Bool

    package init(answers: [String] = [], isInteractive: Bool = false) {
        self.answers = answers
        self.isInteractive = isInteractive
    }

    /// Everything shown, in one text (outputs, infos and errors interleaved as they came).
    package private(set) var transcript = ""

    private func note(_ text: String) { transcript += text.hasSuffix("\n") ? text : text + "\n" }

    package func output(_ text: String) {
        outputs.append(text)
        note(text)
    }
    package func info(_ text: String) {
        infos.append(text)
        note(text)
    }
    package func error(_ text: String) {
        errors.append(text)
        note(text)
    }
    package func streamContent(_ text: String) { streamed += text }
    package func streamReasoning(_ text: String) {}
    package func streamBegan() {}
    package func streamEnded() {}
    package func edit(_ text: String, fileName: String) throws -> String? {
        edits.isEmpty ? text : edits.removeFirst()
    }
    package func ask(_ question: String) -> String? {
        questions.append(question)
        note(question)
        return answers.isEmpty ? nil : answers.removeFirst()
    }
    package func page(_ text: String) { output(text) }
    package func progress(_ text: String) {}
}
