import Foundation
import Synchronization

/// The language novelist speaks to the writer in (not the story's language).
package enum InterfaceLanguage: String, Sendable, CaseIterable {
    case en, zh

    /// `--lang` / NOVELIST_LANG win; else Chinese when LC_ALL, LC_MESSAGES or LANG (the first one set) starts with zh.
    package static func detect(flag: String?, environment: [String: String]) -> InterfaceLanguage {
        if let v = flag ?? environment["NOVELIST_LANG"], let lang = InterfaceLanguage(rawValue: String(v.lowercased().prefix(2))) {
            return lang
        }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let v = environment[name], !v.isEmpty { return v.lowercased().hasPrefix("zh") ? .zh : .en }
        }
        return .en
    }
}

/// The message catalog: every text novelist shows is written in English at its call site as `L("…", args)`,
/// and looked up here for Chinese. Placeholders follow String(format:): `%@` for text, `%d` for whole numbers;
/// a Chinese text may reorder them with `%1$@`, `%2$d`. A test checks that every `L("…")` in the sources has
/// its Chinese text here, with the same placeholders.
package enum Messages {
    private static let current = Atomic<Int>(0)

    /// A language for the current task only (tests render Chinese this way without changing what
    /// tests running in parallel see); nil means the process-wide `language`.
    @TaskLocal package static var scoped: InterfaceLanguage?

    /// The process-wide interface language, set once at start (`--lang`, NOVELIST_LANG, the locale).
    package static var language: InterfaceLanguage {
        get { scoped ?? (current.load(ordering: .relaxed) == 1 ? .zh : .en) }
        set { current.store(newValue == .zh ? 1 : 0, ordering: .relaxed) }
    }

    package static func text(_ english: String) -> String {
        guard language == .zh, let zh = zh[english] else { return english }
        return zh
    }

    /// English text → Chinese text: this file's table and those of the other `Messages+*.swift` files.
    package static let zh: [String: String] = [
        zhGeneral, zhDoctor, zhProposals, zhMemoryUpdate, zhWritersDay, zhHostile, zhImport, zhMemory, zhBatch, zhDraft,
        zhErrors
    ]
    .reduce(catalog) { all, table in all.merging(table) { first, _ in first } }

    static let catalog: [String: String] = [
        "The proposal is identical to %@; nothing to do.": "提议与 %@ 完全相同，无需改动。",
        "New file %@: %@.": "新文件 %1$@：%2$@。",
        "%@: 1 hunk, +%d %@ −%d %@.": "%1$@：1 处改动，+%2$d %3$@ −%4$d %5$@。",
        "%@: 1 hunk, +%d %@ −%d %@; %@.": "%1$@：1 处改动，+%2$d %3$@ −%4$d %5$@；%6$@。",
        "%@: %d hunks, +%d %@ −%d %@.": "%1$@：%2$d 处改动，+%3$d %4$@ −%5$d %6$@。",
        "%@: %d hunks, +%d %@ −%d %@; %@.": "%1$@：%2$d 处改动，+%3$d %4$@ −%5$d %6$@；%7$@。",
        "Apply to %@? [y] create · [n] reject · [e] edit · [?] help ": "写入 %@ 吗？[y] 创建 · [n] 拒绝 · [e] 编辑 · [?] 帮助 ",
        "Take hunk %d/%d? [y,n,a,d,q,e,?] ": "采用第 %1$d/%2$d 处改动吗？[y,n,a,d,q,e,?] ",
        "Please answer y, n, a, d, q, e or ?.": "请回答 y、n、a、d、q、e 或 ?。",
        "No hunk was taken.": "没有采用任何改动。",
        "Took %d of %d hunks.": "采用了 %2$d 处改动中的 %1$d 处。",
        "%@ changed on disk while the model was writing. Your edit is kept and merged with the proposal; the changes do not overlap.":
            "模型写作期间，%@ 在磁盘上被修改了。你的修改会保留，并与提议合并；两边的改动互不重叠。",
        "%@ changed on disk while the model was writing. Your edit is kept and merged with the proposal; 1 place changed on both sides:":
            "模型写作期间，%@ 在磁盘上被修改了。你的修改会保留，并与提议合并；有 1 处两边都改了：",
        "%@ changed on disk while the model was writing. Your edit is kept and merged with the proposal; %d places changed on both sides:":
            "模型写作期间，%1$@ 在磁盘上被修改了。你的修改会保留，并与提议合并；有 %2$d 处两边都改了：",
        "=== conflict %d/%d · yours (on disk):": "=== 冲突 %1$d/%2$d · 你的版本（磁盘上）：",
        "=== the proposal:": "=== 提议：",
        "Conflict %d/%d: [m] keep yours · [t] take the proposal · [b] both (yours, then the proposal) · [q] stop, write nothing ":
            "冲突 %1$d/%2$d：[m] 保留你的 · [t] 采用提议 · [b] 两者都要（先你的，后提议）· [q] 停止，不写入 ",
        "%@: %d %@ — model %d%% · model, edited by you %d%% · yours %d%%": "%1$@：%2$d %3$@ — 模型 %4$d%% · 模型写、你修改 %5$d%% · 你写 %6$d%%",
        "%@: %d %@ — model %d%% · model, edited by you %d%% · yours %d%% (models: %@)":
            "%1$@：%2$d %3$@ — 模型 %4$d%% · 模型写、你修改 %5$d%% · 你写 %6$d%%（模型：%7$@）",
        "M: as the model wrote it · E: model text you edited · W: written by you": "M：模型原文 · E：你改过的模型文字 · W：你自己写的",
        // Diff.swift
        "(no changes)": "（没有改动）",
        "after ¶%d": "¶%d 之后",
        // Session+Export.swift, Export.swift, Pandoc.swift
        "%@  (only md and UTF-8 txt can go to standard output, -o -)": "%@  （只有 md 和 UTF-8 的 txt 可以输出到标准输出，-o -）",
        "it contains control characters": "其中含有控制字符",
        "it is a folder; give a file name such as %@": "这是一个文件夹；请给出文件名，例如 %@",
        "txt in %@": "%@ 编码的 txt",
        "Note: %@": "注意：%@",
        "%@  (nothing to export: %@)": "%1$@  （没有可导出的内容：%2$@）",
        "standard output": "标准输出",
        "Exported 1 chapter, %d %@, to %@.": "已导出 1 章，共 %1$d %2$@，到 %3$@。",
        "Exported %d chapters, %d %@, to %@.": "已导出 %1$d 章，共 %2$d %3$@，到 %4$@。",
        "Exported 1 chapter, %d %@, to %@ (%@).": "已导出 1 章，共 %1$d %2$@，到 %3$@（%4$@）。",
        "Exported %d chapters, %d %@, to %@ (%@).": "已导出 %1$d 章，共 %2$d %3$@，到 %4$@（%5$@）。",
        "--chapters 1-10,12  ('%@' is not a list of chapter numbers)": "--chapters 1-10,12  （「%@」不是章节编号列表）",
        "--chapters 1-10,12  (the range %@ runs backwards; write %d-%d)": "--chapters 1-10,12  （范围 %1$@ 前后颠倒了；应写作 %2$d-%3$d）",
        "'%@' is not a format; use one of %@": "「%1$@」不是导出格式；请使用 %2$@ 之一",
        "%@ needs a value": "%@ 需要一个值",
        "--status needs a status such as final or draft": "--status 需要一个状态，例如 final 或 draft",
        "the encoding '%@' is not supported; use utf-8 or gb18030": "不支持编码「%@」；请使用 utf-8 或 gb18030",
        "give the output file once": "输出文件只能指定一次",
        "unknown option %@": "未知选项 %@",
        "--indent is for txt": "--indent 只用于 txt",
        "--encoding is for txt; md, html, epub and docx are always UTF-8": "--encoding 只用于 txt；md、html、epub 和 docx 总是 UTF-8",
        "--toc is for md, html, epub and docx": "--toc 只用于 md、html、epub 和 docx",
        "only md and UTF-8 txt can go to standard output (-o -)": "只有 md 和 UTF-8 的 txt 可以输出到标准输出（-o -）",
        "a quote is never closed in: %@": "引号没有闭合：%@",
        "left out, no prose yet: chapter %@": "已略过，尚无正文：第 %@ 章",
        "gap in numbering: chapter %@ is missing": "章节编号有缺口：缺少第 %@ 章",
        "on disk but not in the outline: chapter %@": "有文件但不在大纲中：第 %@ 章",
        "in the outline but no chapter file yet: chapter %@": "在大纲中但还没有章节文件：第 %@ 章",
        "more than one file for chapter %@": "第 %@ 章有不止一个文件",
        "--chapters %@: there is no chapter %@": "--chapters %1$@：没有第 %2$@ 章",
        "left out by --status %@: chapter %@ (%@)": "因 --status %1$@ 略过：第 %2$@ 章（%3$@）",
        "--chapters %@ matches no chapter file; the chapters are none yet.": "--chapters %@ 没有匹配到任何章节文件；目前还没有章节。",
        "--chapters %@ matches no chapter file; the chapters are %@.": "--chapters %1$@ 没有匹配到任何章节文件；现有章节为第 %2$@ 章。",
        "no written chapter has the status %@; the statuses in use are %@.": "没有已写的章节处于 %1$@ 状态；现有的状态有：%2$@。",
        " or ": " 或 ",
        "Exporting %@ needs pandoc, and pandoc is not installed (it is not on PATH). Install it with `sudo apt-get install pandoc` (macOS: `brew install pandoc`), or set NOVELIST_PANDOC to its path. md and txt export without it. Nothing was written.":
            "导出 %@ 需要 pandoc，但没有安装 pandoc（PATH 中找不到）。请用 `sudo apt-get install pandoc` 安装（macOS：`brew install pandoc`），或把 NOVELIST_PANDOC 设为它的路径。导出 md 和 txt 不需要它。没有写入任何内容。",
        "pandoc could not convert the manuscript (exit status %d). Nothing was written; /export md works without pandoc.":
            "pandoc 无法转换书稿（退出状态 %d）。没有写入任何内容；/export md 不需要 pandoc。",
        "pandoc could not convert the manuscript (exit status %d): %@. Nothing was written; /export md works without pandoc.":
            "pandoc 无法转换书稿（退出状态 %1$d）：%2$@。没有写入任何内容；/export md 不需要 pandoc。",
        "The character '%@' (%@) on line %d of the manuscript cannot be written in %@. Replace it in the chapter, or export UTF-8 (leave out --encoding). Nothing was written.":
            "书稿第 %3$d 行的字符「%1$@」（%2$@）无法用 %4$@ 编码写出。请在章节中替换它，或导出 UTF-8（去掉 --encoding）。没有写入任何内容。",
        "Exporting %@ needs a real folder on disk. Nothing was written.": "导出 %@ 需要磁盘上真实的文件夹。没有写入任何内容。",
        "it wrote nothing": "它什么也没有写出",
        "it could not be started (%@)": "无法启动（%@）",
        // Session+Stories.swift
        "No stories in %@/ yet. /new <title> creates one.": "%@/ 里还没有故事。/new <title> 可以新建一个。",
        "(story.yaml does not parse)": "（story.yaml 无法解析）",
        "Opened %@ (%@): %d chapters in the outline, %d written.": "已打开《%1$@》（%2$@）：大纲中有 %3$d 章，已写 %4$d 章。",
        "it has no letters or digits to name a folder with": "其中没有可用作文件夹名的文字或数字",
        "Created %@/ (story.yaml, outline.md, chapters/).": "已创建 %@/（story.yaml、outline.md、chapters/）。",
        "No chapters yet. Add `## %@` entries to outline.md.": "还没有章节。请在 outline.md 中加入 `## %@` 这样的标题。",
        "(not in the outline)": "（不在大纲中）",
        "%@ appeared outside novelist (%d %@); recorded in history.": "%1$@ 是在 novelist 之外新建的（%2$d %3$@）；已记入历史。",
        "%@ was deleted outside novelist; recorded in history, /undo brings it back.": "%@ 在 novelist 之外被删除了；已记入历史，/undo 可以恢复。",
        "%@ changed outside novelist: %@; recorded in history, /undo restores the previous version.":
            "%1$@ 在 novelist 之外被修改了：%2$@；已记入历史，/undo 可以恢复到之前的版本。",
        "Chapter %d (%@)": "第 %1$d 章（%2$@）",
        "No changes yet.": "还没有任何改动。",
        " (outside)": "（外部）",
        "~ marks undone changes; /redo applies them again.": "~ 标记已撤销的改动；/redo 可以重新应用。",
        "Undid: %@ [%@]. /redo applies it again.": "已撤销：%1$@ [%2$@]。/redo 可以重新应用。",
        "Redid: %@ [%@].": "已重做：%1$@ [%2$@]。",
        // Session+Workspace.swift
        "edit outline": "编辑大纲",
        "(outline.md is empty)": "（outline.md 是空的）",
        "edit chapter %d": "编辑第 %d 章",
        "Delete chapter %d (%d %@)? /undo can bring it back. [y/n] ": "删除第 %1$d 章（%2$d %3$@）吗？/undo 可以恢复。[y/n] ",
        "Delete chapter %d? /undo can bring it back. [y/n] ": "删除第 %d 章吗？/undo 可以恢复。[y/n] ",
        "Nothing was deleted.": "没有删除任何内容。",
        "Done: %@. /undo reverses it.": "完成：%@。/undo 可撤销。",
        "Done: %@. Renumbered: %@. /undo reverses it.": "完成：%1$@。重新编号：%2$@。/undo 可撤销。",
        "(no prose yet: /expand chapter %d)": "（还没有正文：/expand chapter %d）",
        "The bible is empty. /bible add <kind> <name> adds an entry (kind: character, place, item, lore).":
            "设定集是空的。/bible add <kind> <name> 可以添加条目（kind：character 人物、place 地点、item 物品、lore 世界观）。",
        "add bible entry %@": "添加设定条目 %@",
        "Added bible/%@.md. /bible edit %@ opens it in your editor.": "已添加 bible/%1$@.md。/bible edit %2$@ 可在编辑器中打开它。",
        "edit bible entry %@": "编辑设定条目 %@",
        "Nothing was changed.": "未做任何改动。",
        "No changes to %@.": "%@ 没有改动。",
        "Saved %@ (%@). /undo reverses it.": "已保存 %1$@（%2$@）。/undo 可撤销。",
        // Stats.swift
        "%d chapters, %d with prose, %d/%d %@ in all.": "共 %1$d 章，%2$d 章有正文，合计 %3$d/%4$d %5$@。",
        "%d chapters, %d with prose, %d %@ in all.": "共 %1$d 章，%2$d 章有正文，合计 %3$d %4$@。",
        // ChapterPlan.swift, StoryStore.swift: history entries
        "add chapter %d %@": "新增第 %1$d 章 %2$@",
        "/chapter move N M  (N and M differ)": "/chapter move N M  （N 和 M 必须不同）",
        "move chapter %d to %d": "把第 %1$d 章移到第 %2$d 章",
        "rename chapter %d to %@": "把第 %1$d 章改名为 %2$@",
        "delete chapter %d": "删除第 %d 章",
        "the history does not parse; move it aside to start a new one": "历史记录无法解析；把它移到别处即可重新开始记录",
        "a stored version (%@) is missing": "缺少一个已保存的版本（%@）",
        "edited outside novelist": "在 novelist 之外修改",
        "it is not a path inside the story folder": "它不是故事文件夹内的路径",
        // Story.swift, FrontMatter.swift, FileSystem.swift, Prompts.swift, CurlTransport.swift
        "it is not valid YAML (%@)": "它不是有效的 YAML（%@）",
        "it must be key: value pairs such as `title: 雾港来信`": "内容必须是「键: 值」的形式，例如 `title: 雾港来信`",
        "language must be zh or en, not '%@'": "language 必须是 zh 或 en，而不是「%@」",
        "it is empty": "它是空的",
        "it is longer than %d characters": "它超过了 %d 个字符",
        "absolute paths are not allowed": "不允许使用绝对路径",
        "it contains / or \\": "其中含有 / 或 \\",
        "it contains ..": "其中含有 ..",
        "it starts with a dot": "它以点号开头",
        "the file is missing": "文件不存在",
        "the front matter opened with --- is never closed": "以 --- 开始的文件头没有结束",
        "the front matter must be key: value pairs": "文件头必须是「键: 值」的形式",
        "it cannot be read": "无法读取",
        "short write": "没有写完整",
        "the folder cannot be created": "无法创建该文件夹",
        "no such template": "没有这个模板",
        "libcurl could not start a transfer": "libcurl 无法开始传输",
        // ChatClient.swift
        "Cancelled while waiting to retry. Nothing was sent again.": "在等待重试时取消了。没有再次发送。",
        "no data arrived for %d s (NOVELIST_IDLE_TIMEOUT)": "%d 秒内没有收到数据（NOVELIST_IDLE_TIMEOUT）",
        "the connection to %@ was lost": "与 %@ 的连接断开了",
        "POST %@: the server closed the connection without an answer. Check that it is an OpenAI-compatible endpoint, then try again.":
            "POST %@：服务器没有应答就关闭了连接。请确认它是 OpenAI 兼容的接口，然后重试。",
        "POST %@: the server's JSON reply does not parse (%@…). Is this an OpenAI-compatible endpoint?":
            "POST %1$@：服务器返回的 JSON 无法解析（%2$@…）。这是 OpenAI 兼容的接口吗？",
        "POST %@: the server reported an error: %@. Try again, or /model to choose another model.":
            "POST %1$@：服务器报告了错误：%2$@。请重试，或用 /model 换一个模型。",
        "the server reported an error inside the stream: %@": "服务器在流中报告了错误：%@",
        "the server sent a chunk that is not JSON (%@); part of the reply may be missing": "服务器发来的数据块不是 JSON（%@）；回复可能缺了一部分",
        "POST %@: the server answered %d but sent no reply. Check the base URL (it should end in /v1) and the model name.":
            "POST %1$@：服务器返回了 %2$d，但没有回复内容。请检查接口地址（应以 /v1 结尾）和模型名称。",
        "the stream ended without [DONE] or a finish reason": "流结束时既没有 [DONE] 也没有结束原因",
        "GET %@: the reply is not a model list. Is the base URL right?": "GET %@：返回的不是模型列表。接口地址正确吗？",
        "Could not connect to %@ (%@): connection refused. Is the server running, and is the port right?":
            "无法连接到 %1$@（%2$@）：连接被拒绝。服务器在运行吗？端口对吗？",
        "Could not find the host %@ (%@): DNS lookup failed. Check the spelling of the base URL and your network or proxy (https_proxy).":
            "找不到主机 %1$@（%2$@）：DNS 解析失败。请检查接口地址的拼写，以及网络或代理（https_proxy）。",
        "Could not make a secure connection to %@ (%@): %@. Check the URL (http vs https), your clock, or a proxy that intercepts TLS.":
            "无法与 %1$@（%2$@）建立安全连接：%3$@。请检查地址（http 还是 https）、系统时间，或是否有拦截 TLS 的代理。",
        "Connecting to %@ (%@) timed out. Check your network or proxy, or raise NOVELIST_CONNECT_TIMEOUT.":
            "连接 %1$@（%2$@）超时。请检查网络或代理，或调大 NOVELIST_CONNECT_TIMEOUT。",
        "%@ (%@) sent nothing for %d s, so novelist gave up. The server may be overloaded; try again, or raise NOVELIST_IDLE_TIMEOUT.":
            "%1$@（%2$@）%3$d 秒没有发来任何数据，novelist 已放弃。服务器可能过载了；请重试，或调大 NOVELIST_IDLE_TIMEOUT。",
        "Cancelled.": "已取消。",
        "The connection to %@ (%@) broke: %@. Try again.": "与 %1$@（%2$@）的连接中断了：%3$@。请重试。",
        "Request to %@ failed: %@.": "请求 %1$@ 失败：%2$@。",
        "The server said: %@": "服务器返回：%@",
        "%@ answered %d with an HTML page instead of JSON: a proxy, a login page or a wrong base URL? The base URL should end in /v1.":
            "%1$@ 返回了 %2$d 和一个 HTML 页面，而不是 JSON：是代理、登录页，还是接口地址写错了？接口地址应以 /v1 结尾。",
        "No API key is set: put it in %@ (environment or .env).": "没有设置 API 密钥：请把它放进 %@（环境变量或 .env）。",
        "The key %@ from %@ was rejected; check it is current and belongs to %@.": "来自 %2$@ 的密钥 %1$@ 被拒绝了；请确认它仍然有效，并且属于 %3$@。",
        "%@ refused the request (401 Unauthorized, %@). %@": "%1$@ 拒绝了请求（401 Unauthorized，%2$@）。%3$@",
        "%@ forbids this request (403 Forbidden, %@). The key %@ may lack access to this model or region.":
            "%1$@ 禁止了这个请求（403 Forbidden，%2$@）。密钥 %3$@ 可能没有这个模型或地区的权限。",
        "%@ answered 404 Not Found: the base URL or the model name is wrong (model '%@'). Use /model NAME or fix OPENAI_BASE_URL.":
            "%1$@ 返回 404 Not Found：接口地址或模型名称有误（模型「%2$@」）。请用 /model NAME 换模型，或修正 OPENAI_BASE_URL。",
        "%@ answered 404 Not Found: the base URL or the model name is wrong (model '%@'). Models this server offers: %@. Use /model NAME or fix OPENAI_BASE_URL.":
            "%1$@ 返回 404 Not Found：接口地址或模型名称有误（模型「%2$@」）。这个服务器提供的模型：%3$@。请用 /model NAME 换模型，或修正 OPENAI_BASE_URL。",
        "%@ says the request is longer than the model's context window (about %d tokens were sent, %@). See /context for what is sent, and shorten the outline or the conversation (/clear).":
            "%1$@ 表示请求超出了模型的上下文窗口（发送了约 %2$d 个 token，%3$@）。用 /context 查看发送的内容，并缩短大纲或对话（/clear）。",
        "%@ is rate-limiting requests (429 Too Many Requests, %@). It asked to wait %d s. Wait a little and try again, or check your plan's limits.":
            "%1$@ 正在限流（429 Too Many Requests，%2$@）。它要求等待 %3$d 秒。请稍后重试，或检查你的套餐限额。",
        "%@ is rate-limiting requests (429 Too Many Requests, %@). Wait a little and try again, or check your plan's limits.":
            "%1$@ 正在限流（429 Too Many Requests，%2$@）。请稍后重试，或检查你的套餐限额。",
        "%@ had an internal problem (%d, %@). This is the server's side; try again in a moment.": "%1$@ 内部出错（%2$d，%3$@）。这是服务器端的问题；请稍后重试。",
        "%@: no HTTP answer.": "%@：没有 HTTP 应答。",
        "Body: %@": "响应内容：%@",
        "%@ answered %d.": "%1$@ 返回了 %2$d。",
        // Settings.swift
        "Unknown provider '%@'. Choose one of: %@.": "未知的服务商「%1$@」。请从以下选择：%2$@。",
        "%@ must be a number, not '%@'.": "%1$@ 必须是数字，而不是「%2$@」。",
        "The base URL '%@' is not an http:// or https:// URL. Example: https://api.deepseek.com/v1":
            "接口地址「%@」不是 http:// 或 https:// 开头的 URL。例如：https://api.deepseek.com/v1",
        // Context.swift: section labels in /context (the notes on what was left out follow the story's language)
        "bible: %@": "设定：%@",
        "bible index": "设定索引",
        "outline": "大纲",
        "outline (chapters %d–%d)": "大纲（第 %1$d–%2$d 章）",
        "outline (titles only)": "大纲（仅标题）",
        "summaries (%d chapters)": "摘要（%d 章）",
        "system and story card": "系统提示与故事卡",
        "conversation (%d messages)": "对话（%d 条消息）",
        "instruction": "指令",
        // Main.swift
        "Usage: %@": "用法：%@",
        // Terminal.swift, App.swift
        "waiting for the model": "正在等待模型"
    ]
}

/// The interface text for `english` in the current language, with its arguments filled in.
package func L(_ english: String, _ args: any CVarArg...) -> String {
    let template = Messages.text(english)
    return args.isEmpty ? template : MessageFormat.format(template, args) ?? String(format: template, arguments: args)
}
