extension Messages {
    // issue 15: long-novel memory (the bible at any depth, progressions, the appearance index, /where, recalls, calibration)
    static let zhMemory: [String: String] = [
        "The bible has %d entries named %@: %@. novelist uses the first; rename one or change its aliases.":
            "设定中有 %1$d 个条目都叫「%2$@」：%3$@。novelist 使用第一个；请改名或修改其别名。",
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
        "The server counted %d prompt tokens for about %d estimated: not a real count, so it is ignored for calibration.":
            "服务器报告的提示词为 %1$d tokens，而估计约为 %2$d：这不是真实的计数，校准时已忽略。",
        "No threads yet. /thread add <title> [due N] plants one (in threads.md).": "还没有伏笔。/thread add <标题> [due N] 埋下一个（写在 threads.md）。",
        "planted in %d": "第%d章埋下",
        "due %d": "第%d章前收回",
        "resolved": "已收回",
        "in %d": "于第%d章",
        "OVERDUE": "已逾期",
        "open": "未收回",
        "add thread %@": "新增伏笔 %@",
        "Added the thread %@ to threads.md. /undo reverses it.": "已把伏笔「%@」写入 threads.md。/undo 可撤销。",
        "threads.md has no thread of that title (/threads lists them)": "threads.md 中没有这个标题的伏笔（/threads 可列出全部）",
        "resolve thread %@": "收回伏笔 %@",
        "Resolved the thread %@. /undo reverses it.": "伏笔「%@」已标为收回。/undo 可撤销。",
        "thread: %@": "伏笔：%@",
        "due by chapter %d": "须在第%d章前收回",
        "Open thread due by chapter %d: %@ (planted in %@).": "第%1$d章前应收回的伏笔尚未收回：%2$@（埋于第%3$@章）。",
        "List the story's threads (threads.md), overdue ones first": "列出故事的伏笔（threads.md），逾期的在前",
        "Plant a thread or resolve one (an undoable change to threads.md)": "埋下或收回一个伏笔（对 threads.md 的可撤销改动）",
        "Plant a thread to pay off by chapter 6": "埋下一个要在第六章前收回的伏笔"
    ]
}
