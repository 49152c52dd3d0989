import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

extension Session {
    /// `/style learn`: measures the paragraphs provenance counts as the writer's own, asks the model for a short
    /// description from a few typical ones, and proposes it as story.yaml's `style` (reviewed like any change).
    func styleCommand(_ arguments: String, in open: OpenStory) throws -> Outcome {
        let story = open.workspace
        let meta = open.meta
        guard arguments.trimmingWhitespace().lowercased() == "learn" else {
            if arguments.trimmingWhitespace().isEmpty {
                console.output(
                    meta.style.isEmpty ? L("No style in story.yaml yet; /style learn proposes one from your own chapters.") : meta.style)
                return .ok
            }
            throw StyleCommand.usageError
        }
        let log = provenanceLog()
        var own: [String] = []
        for file in try story.chapters() {
            own += Provenance.classify(file.prose, log: log).paragraphs.filter { $0.source == .writer }.map(\.text)
        }
        guard TextLength.count(own.joined()).total >= (meta.language == .zh ? 200 : 100) else {
            console.error(
                L("There is too little of your own prose to learn a style from (provenance counts what you wrote). Nothing was sent."))
            return .failed
        }
        let m = StyleMeasure.measure(own, chinese: meta.language == .zh)
        let unit = meta.language.lengthUnit
        var measures = [
            "- paragraphs: \(m.paragraphs), sentences: \(m.sentences)",
            "- mean sentence length: \(m.sentenceLength) \(unit); mean paragraph length: \(m.paragraphLength) \(unit)",
            "- dialogue: \(m.dialogueShare)% of the text"
        ]
        if !m.pointOfView.isEmpty { measures.append("- point of view: \(m.pointOfView) person") }
        if !m.tense.isEmpty { measures.append("- tense: \(m.tense)") }
        console.info(
            L(
                "Your own prose: %d paragraphs; sentences %d %@ on average, paragraphs %d %@, dialogue %d%%.",
                m.paragraphs, m.sentenceLength, unit, m.paragraphLength, unit, m.dialogueShare))
        var vars = try storyVariables(meta, story: story)
        vars["measures"] = measures.joined(separator: "\n")
        vars["samples"] = StyleMeasure.samples(own).joined(separator: "\n\n")
        let instruction = try prompts.render("style", language: meta.language, story: story, variables: vars)
        let model = try resolveModel()
        let maxTokens = settings.maxTokens ?? 600
        let system = try prompts.render("system", language: meta.language, story: story, variables: vars)
        var request = ContextRequest(
            language: meta.language, system: system, instruction: instruction,
            contextTokens: settings.contextTokens, reservedOutput: maxTokens,
            estimator: TokenEstimator(factor: calibrationFactor(model)))
        request.labels = try prompts.contextLabels(language: meta.language, story: story)
        let plan = try ContextBuilder.build(request)
        let base = try fs.read(story.path(StoryWorkspace.storyFile)) ?? meta.yaml()
        let outcome = try send(plan, maxTokens: maxTokens, task: "style", line: "/style learn", userText: "/style learn") { reply in
            let style = TerminalText.clean(reply.content).trimmingWhitespace().split(whereSeparator: \.isNewline).map {
                $0.trimmingWhitespace()
            }.filter { !$0.isEmpty }.joined(separator: " ")
            guard !style.isEmpty else { return .failed }
            return try self.propose(
                StoryWorkspace.storyFile, base: base, proposed: StoryMeta.settingStyle(style, in: base),
                message: Phrase("learn the style"), note: L("the style entry that every prompt uses"), newFileNote: "", in: open)
        }
        if let fresh = try? story.meta() { open.meta = fresh }
        return outcome
    }
}
