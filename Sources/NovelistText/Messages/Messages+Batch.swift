extension Messages {
    /// Batch work, models by role, usage per task (issue 16, points 3 and 4).
    static let zhBatch: [String: String] = [
        "By task:": "按任务：",
        "By model:": "按模型：",
        "(the default model)": "（默认模型）",
        "summary model %@\ncheck model   %@\nconcurrency   %d requests at once (/summarize all, /check all)":
            "摘要模型      %1$@\n检查模型      %2$@\n并发          同时 %3$d 个请求（/summarize all、/check all）",
        "Check every chapter that has prose, several requests at once": "检查每个有正文的章节，同时发出多个请求",
        "the reply was empty": "回复是空的",
        "/summarize all again asks only for the chapters still without a summary.": "再次运行 /summarize all 只会请求仍没有摘要的章节。",
        "Chapter %d · %@": "第 %1$d 章 · %2$@",
        "Write these %d summaries as one change? [y] write all · [n] write none · [c] choose one by one · [?] help ":
            "把这 %d 条摘要作为一次改动写入吗？[y] 全部写入 · [n] 都不写 · [c] 逐条选择 · [?] 帮助 ",
        "y  write every summary shown, as one change (one /undo takes them all back)\nn  write none (they stay in chat.jsonl)\nc  answer y or n for each chapter, then write those as one change":
            "y  写入上面显示的全部摘要，作为一次改动（一次 /undo 全部撤销）\nn  都不写（它们保留在 chat.jsonl 中）\nc  逐章回答 y 或 n，再把选中的作为一次改动写入",
        "Write the summary of chapter %d? [y/n] ": "写入第 %d 章的摘要吗？[y/n] ",
        "y  write it          n  leave it out": "y  写入          n  不写",
        "Write these %d summaries as one change? ": "把这 %d 条摘要作为一次改动写入吗？",
        "%@ changed on disk meanwhile; its summary is not written.": "%@ 期间在磁盘上被修改了；它的摘要没有写入。",
        "Nothing was written. The replies are kept in chat.jsonl.": "没有写入任何内容。回复保留在 chat.jsonl 中。",
        "summarize %d chapters": "为 %d 章写摘要",
        "Wrote the summaries of %d chapters as one change (/undo takes all of them back).": "已把 %d 章的摘要作为一次改动写入（/undo 全部撤销）。",
        "No chapter has prose to check yet.": "还没有任何章节有正文可供检查。",
        "/check chapter N checks one of them again.": "/check chapter N 可以重新检查其中一章。",
        "Sending %d requests, %d at a time (NOVELIST_CONCURRENCY), to %@… (Ctrl-C stops)":
            "正在发送 %1$d 个请求，每次同时 %2$d 个（NOVELIST_CONCURRENCY），模型 %3$@……（Ctrl-C 停止）",
        "Could not add the replies to chat.jsonl: %@": "无法把回复写入 chat.jsonl：%@",
        "Interrupted: %d of %d requests finished in %@; %d cancelled, %d not sent.":
            "已中断：%2$d 个请求中有 %1$d 个在 %3$@ 内完成；%4$d 个被取消，%5$d 个未发送。",
        "%d of %d requests finished in %@.": "%2$d 个请求中有 %1$d 个在 %3$@ 内完成。",
        "cut short: %@": "被截断：%@",
        "stopped early (finish_reason: %@)": "提前停止（finish_reason：%@）",
        "%d failed: %@": "%1$d 个失败：%2$@",
        "Chapter %d: %@": "第 %1$d 章：%2$@",
        "%d failed": "%d 个失败",
        "%@ left": "剩余约 %@",
        "%ds": "%d秒",
        "%dm%02ds": "%d分%02d秒",
        "%dh%02dm": "%d小时%02d分"
    ]
}
