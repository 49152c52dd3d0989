extension Messages {
    /// Chinese texts of import and lint (issue 17).
    static let zhImport: [String: String] = [
        "%@ exists and is not an empty folder; nothing was written. Choose another folder with --into NEW-SLUG.":
            "%@ 已存在且不是空文件夹；没有写入任何内容。请用 --into 新文件夹名 另选一个文件夹。",
        "%@ is neither UTF-8 nor GB18030 text; save it as UTF-8 and import it again. Nothing was written.":
            "%@ 既不是 UTF-8 也不是 GB18030 文本；请另存为 UTF-8 后再导入。没有写入任何内容。",
        "%d %@ against a target of %d (more than 15%% off)": "%1$d %2$@，目标 %3$d（相差超过 15%%）",
        "%d findings.": "共 %d 处发现。",
        "%d sentences in a row of nearly the same length (%d to %d %@)": "连续 %1$d 句长度几乎相同（%2$d 到 %3$d %4$@）",
        "Volumes: %d, kept as parts of the outline.": "共 %d 卷，作为大纲的分卷保留。",
        "A TXT (UTF-8 or GB18030) split into chapter files, an outline and notes.md": "把一个 TXT（UTF-8 或 GB18030）拆成章节文件、大纲和 notes.md",
        "A story '%@' already exists; nothing was written. Choose another title with --title, or a new folder with --into NEW-SLUG.":
            "故事「%@」已经存在；没有写入任何内容。请用 --title 另起书名，或用 --into 新文件夹名 指定新文件夹。",
        "Cannot read %@. Nothing was written.": "无法读取 %@。没有写入任何内容。",
        "Chapters are numbered through the book from 1 in the files and the outline.": "文件和大纲里的章节从 1 起全书连续编号。",
        "Chapters without prose: %@.": "没有正文的章节：%@。",
        "Check chapter 3; each finding names the paragraphs to /rewrite": "检查第三章；每处发现都注明可以 /rewrite 的段落",
        "Check chapters for stock phrases, repeated passages, length and monotonous rhythm (no model)": "检查章节中的套话、重复段落、篇幅和单调的节奏（不用模型）",
        "Import a manuscript (TXT, Markdown; DOCX, EPUB, ODT through pandoc) as a new story, split at its chapter headings":
            "把书稿（TXT、Markdown；DOCX、EPUB、ODT 经 pandoc）按章节标题拆分，导入为新故事",
        "Imported %@ (%@): %d chapters, %d %@.": "已导入 %1$@（%2$@）：%3$d 章，%4$d %5$@。",
        "No chapter headings found in %@ (第一章, 第3章, Chapter 3, ## 3. …). Nothing was written.":
            "在 %@ 中没有找到章节标题（第一章、第3章、Chapter 3、## 3. ……）。没有写入任何内容。",
        "No findings.": "没有发现问题。",
        "Numbers given twice: %@.": "重复的章号：%@。",
        "The numbering skips %@.": "章号缺少：%@。",
        "What stood before the first chapter is in notes.md.": "第一章之前的内容保存在 notes.md。",
        "Wrote %@/ (story.yaml, outline.md, %d chapter files).": "已写入 %@/（story.yaml、outline.md、%d 个章节文件）。",
        "a stock phrase (%@)": "套话（%@）",
        "converted from %@ by pandoc": "由 pandoc 从 %@ 转换",
        "read as %@": "按 %@ 读取",
        "cannot write in %@": "无法在 %@ 中写入",
        "Measure the paragraphs you wrote, ask the model for a style description, review it": "统计你自己写的段落，请模型写出文风描述，审阅后采用",
        "No style in story.yaml yet; /style learn proposes one from your own chapters.":
            "story.yaml 里还没有 style；/style learn 会根据你自己写的章节提出一个。",
        "Show the story's style, or learn it from your own chapters and propose it for story.yaml":
            "显示故事的文风，或从你自己写的章节中学习文风并提议写入 story.yaml",
        "There is too little of your own prose to learn a style from (provenance counts what you wrote). Nothing was sent.":
            "你自己写的文字太少，无法学习文风（按出处记录统计你写的部分）。没有发送任何内容。",
        "Your own prose: %d paragraphs; sentences %d %@ on average, paragraphs %d %@, dialogue %d%%.":
            "你自己写的文字：%1$d 段；平均每句 %2$d %3$@，每段 %4$d %5$@，对话占 %6$d%%。",
        "learn the style": "学习文风",
        "dialogue is %d%% of this chapter; the story's median chapter has %d%%": "本章对话占 %1$d%%；全书各章的中位数是 %2$d%%",
        "the style entry that every prompt uses": "所有提示词都会用到的 style 条目",
        "this passage also stands in chapter %d, line %d": "这段文字也出现在第 %1$d 章第 %2$d 行"
    ]
}
