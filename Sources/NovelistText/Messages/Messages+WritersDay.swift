extension Messages {
    /// Chinese texts of undo and history, paragraphs, questions, volumes and titles (issue 21).
    static let zhWritersDay: [String: String] = [
        "List the changes made to the story (by novelist and outside it); --all also those left behind":
            "列出对故事的所有改动（novelist 做的和在外部做的）；--all 也列出被后来的改动甩下的",
        "Undo the latest change (survives a restart); --to ID goes back to any change in /history --all":
            "撤销最近一次改动（重启后仍有效）；--to 编号 回到 /history --all 里的任意一次改动",
        "× marks changes left behind by a later change; /undo --to ID brings one back.": "× 表示被后来的改动甩下的改动；/undo --to 编号 可以找回。",
        "%d changes left behind by later ones are not listed; /history --all shows them.": "还有 %d 次被后来的改动甩下的改动没有列出；/history --all 显示它们。",
        "The latest change is your own edit to %@: undo it? [y/n] ": "最近一次改动是你自己对 %@ 的修改：要撤销它吗？[y/n] ",
        "Nothing was undone. /history lists the changes; /undo --to ID goes back to an earlier one.":
            "没有撤销任何改动。/history 列出改动；/undo --to 编号 回到更早的一次。",
        "There is no change %d in the history. /history --all lists them.": "历史中没有第 %d 次改动。/history --all 列出全部改动。",
        "bring back change %d: %@": "找回改动 %1$d：%2$@",
        "Brought back change %d (%@) as a new change. /undo reverses it.": "已把改动 %1$d（%2$@）作为一次新改动找回。/undo 可以撤销。",
        "Change %d is already the latest one applied.": "改动 %d 已经是最近生效的一次。",
        "Going back to change %d undoes %d changes, among them your own edits (%@). Go on? [y/n] ":
            "回到改动 %1$d 会撤销 %2$d 次改动，其中包括你自己的修改（%3$@）。继续吗？[y/n] ",
        "Nothing was undone.": "没有撤销任何改动。",
        "Redid %d changes, up to change %d.": "已重做 %1$d 次改动，直到改动 %2$d。",
        "Undid %d changes; change %d is now the latest. /redo applies them again.": "已撤销 %1$d 次改动；现在最近的是改动 %2$d。/redo 可以重新应用。",
        "'%@' is not a paragraph range: write §A-B, ¶A-B, pA-B, 第A-B段 or A-B (from 1, A not above B; /chapter N ¶ numbers the paragraphs). Nothing was sent.":
            "「%@」不是段落范围：请写 §A-B、¶A-B、pA-B、第A-B段 或 A-B（从 1 开始，A 不大于 B；/chapter N ¶ 会给段落编号）。没有发送任何内容。",
        "a  append what arrived to the end of the chapter\nn  discard it (it stays in chat.jsonl: /apply offers it again, /continue asks the model to finish it)":
            "a  把已收到的部分追加到本章末尾\nn  丢弃（仍保存在 chat.jsonl：/apply 会再次提供，/continue 让模型接着写完）",
        "Discarded; it stays in chat.jsonl (/apply offers it again, /continue finishes it).":
            "已丢弃；它仍保存在 chat.jsonl（/apply 会再次提供，/continue 接着写完）。",
        "y  accept all of it          n  reject it (nothing is written)\nh  go hunk by hunk           e  edit the proposal in $EDITOR, then see the diff again\nv  show the diff again       ?  this help":
            "y  全部接受                  n  拒绝（不写入任何内容）\nh  逐块挑选                  e  在 $EDITOR 里修改建议，然后再看差异\nv  再显示一次差异            ?  本帮助",
        "Apply to %@? [y] accept all · [n] reject · [h] hunk by hunk · [e] edit in $EDITOR · [v] show the diff again · [?] help ":
            "写入 %@？[y] 全部接受 · [n] 拒绝 · [h] 逐块挑选 · [e] 在 $EDITOR 中修改 · [v] 再显示差异 · [?] 帮助 ",
        "Please answer y, n, e or ?.": "请回答 y、n、e 或 ?。",
        "Please answer y, n, h, e, v or ?.": "请回答 y、n、h、e、v 或 ?。",
        "m  keep your text (the default)   t  take the proposal's\nb  both: yours, then the proposal's   q  stop, write nothing":
            "m  保留你的文字（默认）   t  采用建议的文字\nb  两者都要：先你的，再建议的   q  停止，不写入任何内容",
        "y  yes          n  no (the default)": "y  是          n  否（默认）",
        "Please answer %@, or ? for help.": "请回答 %@，或输入 ? 查看帮助。",
        "'%@' is not an answer to \"%@\"; nothing was written.": "「%1$@」不是「%2$@」的有效回答；没有写入任何内容。",
        "a number  take that version (you see its diff next)\nn         none for now: /apply asks again":
            "数字      采用该版本（接着显示它的差异）\nn         暂不采用：/apply 会再问一次",
        "No version was taken. They are kept in chat.jsonl; /apply asks again.": "没有采用任何版本。它们保存在 chat.jsonl；/apply 会再问一次。",
        "There is no reply to apply yet.": "还没有可以应用的回复。",
        "The last reply was cut short; /continue asks the model to finish it.": "上一条回复被截断了；/continue 让模型接着写完。",
        "Taking the last reply from chat.jsonl (%@).": "从 chat.jsonl 取出上一条回复（%@）。",
        "The outline numbers chapters within each volume; commands and files number them through the book (%@, %@ is chapter %d).":
            "大纲按卷编号章节；命令和文件按全书连续编号（%1$@ 的 %2$@ 是第 %3$d 章）。",
        "Chapter %d is titled \"%@\" in outline.md but \"%@\" in %@.": "第 %1$d 章在 outline.md 中的标题是「%2$@」，在 %4$@ 中却是「%3$@」。",
        "… and %d more chapters.": "……另外还有 %d 章。",
        "/chapter retitle takes the outline's titles (one change, /undo reverses it).": "/chapter retitle 采用大纲中的标题（一次改动，/undo 可以撤销）。",
        "The chapter files and the outline agree on every title.": "章节文件与大纲的标题全部一致。",
        "take the outline's titles for chapters %@": "第 %@ 章采用大纲中的标题",
        "(the outline says \"%@\")": "（大纲中为「%@」）",
        "summaries (1 chapter)": "摘要（1 章）",
        "%@ … %@ (%d chapters)": "%1$@ … %2$@（共 %3$d 章）",
        "the end of %@ shortened to its last %d characters (of %d)": "%1$@的结尾缩短为最后 %2$d 字（原 %3$d 字）",
        "the summary of the earlier conversation": "此前对话的摘要",
        "%d older conversation messages": "较早的 %d 条对话",
        "bible entry %@ (about %d tokens)": "设定条目「%1$@」（约 %2$d tokens）",
        "the bible index": "设定索引",
        "end of %@": "%@结尾",
        "outline: only chapters %d–%d sent (all %d do not fit)": "大纲只发送第 %1$d–%2$d 章的条目（全部 %3$d 章放不下）",
        "outline: titles only": "大纲只发送章节标题",
        "the outline (does not fit)": "大纲（放不下）",
        "summaries of chapters %@": "第 %@ 章的摘要",
        "(per task: from the chapter's length target; %d for conversation)": "（按任务：由章节目标字数决定；对话为 %d）",
        "The outline numbers chapters within each volume, so adding, moving, renaming or deleting a chapter would renumber its headings wrongly. Nothing was changed. Number the headings in outline.md through the book (the next volume goes on from the last chapter of the one before), then run the command again.":
            "大纲按卷各自编号章节，增加、移动、改名或删除章节会把标题的章号改错。没有做任何改动。请先把 outline.md 的章节标题改为全书连续编号（下一卷接着上一卷的最后一章往下编），再运行命令。"
    ]
}
