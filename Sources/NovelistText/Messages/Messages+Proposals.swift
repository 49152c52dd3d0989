extension Messages {
    /// Chinese texts of brainstorm proposals merged into what they name (Session+Proposals.swift, OutlineOps.swift).
    static let zhProposals: [String: String] = [
        "%@ added": "第 %@ 章新增",
        "%d sections added": "新增 %d 节",
        ", ": "，",
        "; %@ unchanged": "；第 %@ 章不变",
        "Apply this change to outline.md and %d chapter files, as /chapter would? [y] apply · [n] reject ":
            "像 /chapter 命令一样修改 outline.md 和 %d 个章节文件？[y] 执行 · [n] 拒绝 ",
        "Insert it after which paragraph (0–%d)? ": "插在第几段之后（0–%d）？",
        "Renumbered (headings and files together): %@": "重新编号（大纲标题与章节文件一起）：%@",
        "Wrote %d files as one change (/undo reverses all of it).": "已作为一次修改写入 %d 个文件（/undo 可全部撤销）。",
        "[y] add it to the entry as a new section · [r] replace the entry · [n] skip it ": "[y] 作为新的一节加入条目 · [r] 替换整个条目 · [n] 跳过 ",
        "[y] append it at the end · [i] insert it after a paragraph · [n] skip it ": "[y] 追加到章末 · [i] 插在某段之后 · [n] 跳过 ",
        "[y] replace paragraphs %d–%d with it · [i] insert it after a paragraph · [a] append it · [n] skip it ":
            "[y] 替换第 %1$d–%2$d 段 · [i] 插在某段之后 · [a] 追加到章末 · [n] 跳过 ",
        "an outline-ops line is one of: add after N: TITLE · move N to M · merge N into M · delete N · rename N: TITLE (not '%@')":
            "outline-ops 的每一行须是以下之一：add after N: 标题 · move N to M · merge N into M · delete N · rename N: 标题（而不是「%@」）",
        "bible %@: %@": "设定 %1$@：%2$@",
        "bible %@: a new entry": "设定 %@：新条目",
        "bible %@: one section added (%@)": "设定 %1$@：新增一节（%2$@）",
        "bible %@: the entry replaced": "设定 %@：整个条目被替换",
        "bible %@: the entry revised": "设定 %@：条目修改",
        "bible %@: the proposal has %d %@; as a replacement it would remove %d of the entry's %d %@.":
            "设定 %1$@：建议只有 %2$d %3$@；若作为替换，会删去条目 %5$d %6$@中的 %4$d。",
        "chapter %@ revised": "第 %@ 章修改",
        "chapter %d: a passage appended": "第 %d 章：追加一段",
        "chapter %d: a passage inserted after paragraph %d": "第 %1$d 章：在第 %2$d 段之后插入一段",
        "chapter %d: paragraph %d revised": "第 %1$d 章：修改第 %2$d 段",
        "chapter %d: paragraphs %d–%d revised": "第 %1$d 章：修改第 %2$d–%3$d 段",
        "chapter %d: the proposal is a passage of %d %@; the chapter has %d %@ in %d paragraphs.":
            "第 %1$d 章：建议是一段 %2$d %3$@的文字；本章共 %4$d %5$@，%6$d 段。",
        "chapter %d: the whole text (%d %@)": "第 %1$d 章：全文（%2$d %3$@）",
        "chapter %d: the whole text replaced (%d %@ → %d %@)": "第 %1$d 章：替换全文（%2$d %3$@ → %4$d %5$@）",
        "chapters %@ revised": "第 %@ 章修改",
        "merge chapter %d into %d": "把第 %1$d 章并入第 %2$d 章",
        "nothing changes": "没有变化",
        "one section added": "新增一节",
        "outline: %@": "大纲：%@",
        "outline: the whole outline replaced": "大纲：替换整份大纲",
        "sections revised: %@": "修改的小节：%@",
        "structure: %@": "结构：%@",
        "title and premise revised": "书名与总述修改",
        "Please answer %@.": "请回答 %@。"
    ]
}
