import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// The text a chapter task produced, after at most one corrective pass for its length.
struct LengthCorrection {
    var prose: String
    /// The first reply's length, and the final one.
    var before: Int
    var after: Int
    var target: Int
    /// The pass that was asked for, when the first reply landed outside the tolerance.
    var pass: LengthPass?

    /// The first reply's length when a pass changed it.
    var changedFrom: Int? { pass != nil && before != after ? before : nil }

    /// The review's note on a chapter: its length against the target, before and after a pass.
    /// `newFile`: the note after "New file PATH:", else after a diff's hunk count.
    static func note(_ length: Int, before: Int?, target: Int, tolerance: Int, unit: String, newFile: Bool = false) -> String {
        switch (before, newFile) {
        case (nil, true): return L("%d %@ (target %d)", length, unit, target)
        case (nil, false): return L("the chapter would be %d %@ (target %d)", length, unit, target)
        case (let before?, true):
            return L("%d %@ after one corrective pass (first reply %d %@; target %d ±%d%%)", length, unit, before, unit, target, tolerance)
        case (let before?, false):
            return L(
                "the chapter would be %d %@ after one corrective pass (first reply %d %@; target %d ±%d%%)", length, unit, before, unit,
                target, tolerance)
        }
    }
}

/// Length control: a draft, an `/expand` or a `/continue chapter N` whose reply lands outside the target's tolerance
/// (±15 %, or story.yaml's `length_tolerance`) gets ONE corrective pass — the rest asked for and appended when it is
/// short, a shortened version asked for when it is long — and never a second one.
extension Session {
    var lengthTolerance: Int { openStory?.meta.lengthTolerance ?? LengthVerdict.defaultTolerance }

    /// Measures `prose` against `target` and, when it is outside, asks once for the pass that fixes it.
    /// `messages` and `reply` are the request and its reply (the pass continues that conversation).
    /// A pass that fails or comes back incomplete leaves the first reply as it was (said so).
    func correctLength(
        _ prose: String, reply: ChatReply, messages: [ChatMessage], target: Int, chapter n: Int, title: String, task: String,
        in open: OpenStory
    ) throws -> LengthCorrection {
        let (story, meta) = (open.workspace, open.meta)
        let unit = meta.language.lengthUnit
        let before = TextLength.count(prose).total
        var result = LengthCorrection(prose: prose, before: before, after: before, target: target, pass: nil)
        guard lengthTolerance > 0, let pass = LengthVerdict.pass(length: before, target: target, tolerance: lengthTolerance) else {
            return result
        }
        result.pass = pass
        var vars = try chapterVariables(n, entry: nil, title: title, in: open)
        vars["current_length"] = String(before)
        vars["length_target"] = String(target)
        let template: String
        let wanted: Int
        switch pass {
        case .lengthen(let add):
            console.info(
                L(
                    "%@ came back at %d %@, short of its target of %d (±%d%%): asking once for the rest.", meta.language.chapterLabel(n),
                    before, unit, target, lengthTolerance))
            vars["missing_length"] = String(add)
            vars["mid_sentence"] = Continuation.endsMidSentence(prose) ? "1" : ""
            template = "lengthen"
            wanted = add
        case .tighten(let to):
            console.info(
                L(
                    "%@ came back at %d %@, over its target of %d (±%d%%): asking once for a tighter version.",
                    meta.language.chapterLabel(n), before, unit, target, lengthTolerance))
            template = "tighten"
            wanted = to
        }
        let instruction = try prompts.render(template, language: meta.language, story: story, variables: vars)
        let followUp = messages + [.assistant(reply.content), .user(instruction)]
        let estimator = TokenEstimator(factor: calibrationFactor(try resolveModel()))
        let prompt = followUp.reduce(0) { $0 + estimator.tokens($1.content) + TokenEstimator.perMessage }
        let room = settings.contextTokens - prompt
        guard room >= 64 else {
            console.info(
                L(
                    "No room is left in the context window (%d tokens) for a corrective pass; the reply is offered as it is.",
                    settings.contextTokens))
            return result
        }
        let more = try ask(
            messages: followUp, maxTokens: min(outputTokens(forLength: wanted, language: meta.language), room), rawEstimate: nil)
        // Recorded as a continuation (joined to the reply) or a replacement of it, so /apply after a restart finds the text.
        try record(task: task + (template == "lengthen" ? "-continue" : "-tighten"), userText: instruction, reply: more)
        let text = ProseCleaner.clean(more.content, chapterTitle: title)
        guard more.ending.isComplete, !text.isEmpty else {
            console.info(L("The corrective pass did not come back complete; the first reply is offered as it was."))
            return result
        }
        result.prose = template == "lengthen" ? Continuation.append(text, to: prose) : text
        result.after = TextLength.count(result.prose).total
        console.info(L("After the corrective pass: %d %@ (target %d; it was %d).", result.after, unit, target, before))
        return result
    }
}
