import Foundation
import NovelistText

extension Settings {
    /// The model a task names for itself (summaries and checks can use a cheaper one); nil: the default model.
    /// Order: NOVELIST_SUMMARY_MODEL / NOVELIST_CHECK_MODEL > story.yaml `models:` > NOVELIST_MODEL and the rest.
    package func roleModel(for task: String) -> String? {
        switch task {
        case "summarize": return summaryModel
        case "check": return checkModel
        default: return nil
        }
    }
}

extension Session {
    /// The model a request of `task` is sent to.
    func model(for task: String) throws -> String {
        if let m = settings.roleModel(for: task) { return m }
        return try resolveModel()
    }

    /// `/config`'s lines for the models by task and batch concurrency.
    func roleConfigLines() -> String {
        let fallback = L("(the default model)")
        return L(
            "summary model %@\ncheck model   %@\nconcurrency   %d requests at once (/summarize all, /check all)",
            settings.summaryModel ?? fallback, settings.checkModel ?? fallback, settings.concurrency)
    }
}
