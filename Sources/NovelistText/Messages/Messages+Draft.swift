extension Messages {
    // issue 16: /draft N-M, /drafts, length control (one corrective pass)
    static let zhDraft: [String: String] = [
        "Chapter %d already has %d %@ (target %d): asking for about %d more.": "第%1$d章已有 %2$d %3$@（目标 %4$d）：再写约 %5$d。",
        "the chapter would be %d %@ (target %d); the addition is %d %@ after one corrective pass (first reply %d)":
            "本章将有 %1$d %2$@（目标 %3$d）；续写部分经一次补正后为 %4$d %5$@（第一次回复 %6$d）",
        "Skipping chapters %@: they already have prose.": "跳过第 %@ 章：已有正文。",
        "Skipping chapter %d: it already has prose.": "跳过第%d章：已有正文。",
        "Every chapter of %d-%d has prose; nothing to draft.": "第 %1$d-%2$d 章都已有正文，没有要起草的。",
        "Chapters %@ have drafts saved by an earlier run: they are reviewed, not asked for again.":
            "第 %@ 章有上次运行保存的草稿：直接审阅，不再向模型请求。",
        "Draft %d chapters (%@)? [y/N] ": "起草 %1$d 章（第 %2$@ 章）？[y/N] ",
        "Nothing was sent.": "什么都没有发送。",
        "— %d/%d: the saved draft of %@ —": "— %1$d/%2$d：%3$@ 的已存草稿 —",
        "— %d/%d: drafting %@ —": "— %1$d/%2$d：起草 %3$@ —",
        "the endpoint failed": "模型服务出错",
        "you rejected the draft": "你拒绝了这份草稿",
        "you stopped the run; the draft is kept (/drafts reviews it)": "你停止了运行；草稿已保留（/drafts 可再审阅）",
        "The run is complete: wrote %@. /undo takes back one chapter at a time.": "全部完成：写入了 %@。/undo 每次撤销一章。",
        "nothing was written": "还没有写入任何一章",
        "chapters %@ were written": "已写入第 %@ 章",
        "The run stopped at chapter %d: %@. So far %@. %@ goes on from there (chapters with prose are skipped).":
            "运行停在第%1$d章：%2$@。到目前为止%3$@。再运行 %4$@ 即可从这里继续（已有正文的章节会跳过）。",
        "Drafting %d chapters: about %d tokens in and %d out (estimated)": "起草 %1$d 章：预计输入约 %2$d tokens，输出约 %3$d tokens",
        "; estimated cost %.4f": "；预计费用 %.4f",
        "the reply was cut short (finish_reason: length); /continue finishes it": "回复被截断（finish_reason: length）；/continue 可以续完",
        "the reply was interrupted": "回复被中断",
        "the reply was cut short; /continue finishes it": "回复被截断；/continue 可以续完",
        "the reply had no prose": "回复中没有正文",
        "Checking %@ for continuity (--check)…": "检查 %@ 的前后一致性（--check）…",
        "the check's reply was cut short": "检查的回复被截断",
        "/check reported a continuity problem (see above; the chapter is kept)": "/check 报告了连贯性问题（见上文；本章已保留）",
        "%d %@ after one corrective pass (first reply %d %@; target %d ±%d%%)":
            "经一次补正后 %1$d %2$@（第一次回复 %3$d %4$@；目标 %5$d ±%6$d%%）",
        "the chapter would be %d %@ after one corrective pass (first reply %d %@; target %d ±%d%%)":
            "经一次补正后本章将有 %1$d %2$@（第一次回复 %3$d %4$@；目标 %5$d ±%6$d%%）",
        "%@ came back at %d %@, short of its target of %d (±%d%%): asking once for the rest.":
            "%1$@ 只写了 %2$d %3$@，不到目标 %4$d（±%5$d%%）：请模型补写一次。",
        "%@ came back at %d %@, over its target of %d (±%d%%): asking once for a tighter version.":
            "%1$@ 写了 %2$d %3$@，超过目标 %4$d（±%5$d%%）：请模型压缩一次。",
        "No room is left in the context window (%d tokens) for a corrective pass; the reply is offered as it is.":
            "上下文窗口（%d tokens）已没有空间做补正，按原样提供这次回复。",
        "The corrective pass did not come back complete; the first reply is offered as it was.": "补正的回复不完整，按原样提供第一次的回复。",
        "After the corrective pass: %d %@ (target %d; it was %d).": "补正后：%1$d %2$@（目标 %3$d；原为 %4$d）。",
        "There is no saved draft of chapter %d.": "第%d章没有保存的草稿。",
        "The saved draft of chapter %d is discarded (its reply stays in chat.jsonl).": "已丢弃第%d章保存的草稿（回复仍保存在 chat.jsonl）。",
        "There are no unreviewed drafts.": "没有待审阅的草稿。",
        "%d %@ (first reply %d; target %d)": "%1$d %2$@（第一次回复 %3$d；目标 %4$d）",
        "— the saved draft of %@ —": "— %@ 的已存草稿 —",
        "The draft of chapter %d is already in %@; it is removed from drafts.": "第%1$d章的草稿已写入 %2$@，已从草稿中移除。",
        "%@ has prose now that it did not have when this draft was made: the draft is not applied. It stays in %@; /drafts drop %d discards it.":
            "%1$@ 在这份草稿生成之后有了正文：草稿不会被写入。它仍保存在 %2$@；/drafts drop %3$d 可丢弃它。",
        "draft chapter %d": "起草第%d章",
        "The draft of chapter %d is discarded (its reply stays in chat.jsonl).": "已丢弃第%d章的草稿（回复仍保存在 chat.jsonl）。",
        "The draft of chapter %d is kept in %@; /drafts reviews it again.": "第%1$d章的草稿保存在 %2$@；/drafts 可再审阅。",
        "· [s] stop the run (the draft is kept) ": "· [s] 停止运行（保留草稿） ",
        "s  stop the run here: the draft stays in .novelist/drafts/ (/drafts reviews it)":
            "s  在此停止运行：草稿保存在 .novelist/drafts/（/drafts 可再审阅）",
        "Draft chapters N to M in order from the outline, each reviewed as it arrives; chapters with prose are skipped":
            "按大纲依次起草第 N 到 M 章，每章写完即审阅；已有正文的章节跳过",
        "Draft chapters 5 to 12, each carrying the end of the one before": "起草第 5 到 12 章，每章都接着上一章的结尾",
        "Draft chapters 3 to 5 and stop at the first continuity problem": "起草第 3 到 5 章，遇到第一个连贯性问题就停下",
        "List the drafts not reviewed yet (kept in .novelist/drafts/) and review them again":
            "列出尚未审阅的草稿（保存在 .novelist/drafts/）并再次审阅",
        "a range such as 5-12, 5, 第3-5章 or 第三至五章": "范围如 5-12、5、第3-5章 或 第三至五章",
        "at most %d chapters in one run": "一次最多 %d 章"
    ]
}
