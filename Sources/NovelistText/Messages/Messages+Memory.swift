extension Messages {
    // issue 15: long-novel memory (the bible at any depth, progressions, the appearance index, /where, recalls, calibration)
    static let zhMemory: [String: String] = [
        "The bible has %d entries named %@: %@. novelist uses the first; rename one or change its aliases.": "设定中有 %1$d 个条目都叫「%2$@」：%3$@。novelist 使用第一个；请改名或修改其别名。",
        "(no kind)": "（未分类）",
        "bible: %@ (as of chapter %d)": "设定：%1$@（第%2$d章起）",
        "the summary of chapter %d (%@)": "第%1$d章的摘要（%2$@）",
        "%@ — last seen in chapter %d": "%1$@ — 上次出现在第%2$d章",
        "%@ — seen before that in chapter %d": "%1$@ — 再之前出现在第%2$d章",
        "previous chapter (%d)": "上一章（第%d章）",
        "%@ appears in no chapter yet.": "%@ 还没有在任何一章中出现。",
        "%@ appears in 1 chapter:": "%@ 出现在 1 章中：",
        "%@ appears in %d chapters, last first:": "%1$@ 出现在 %2$d 章中，最近的在前：",
        "(no summary)": "（无摘要）",
        "The chapters a bible entry appears in, last first, with their summaries": "列出某个设定条目出现过的章节（最近的在前）及其摘要",
        "Where 林晚 appears, the latest chapter first": "林晚出现在哪些章节，最近的在前",
        "The server counted %d prompt tokens for about %d estimated: not a real count, so it is ignored for calibration.": "服务器报告的提示词为 %1$d tokens，而估计约为 %2$d：这不是真实的计数，校准时已忽略。",
    ]
}
