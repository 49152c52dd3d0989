extension Messages {
    /// Chinese texts of `/doctor` (Session+Doctor.swift) and of a quiet first open (issue 18).
    static let zhDoctor: [String: String] = [
        "Check the configuration, the endpoint, the key, the model, pandoc and the terminal, one line each":
            "逐项检查配置、接口、密钥、模型、pandoc 和终端，每项一行",
        "%@ (for html, epub and docx exports)": "%@（用于导出 html、epub 和 docx）",
        "%@ (the server lists no models to check against)": "%@（服务器没有列出模型，无法核对）",
        "%@ answers (%d models listed, %d ms)": "%1$@ 有应答（列出 %2$d 个模型，%3$d 毫秒）",
        "%@ answers": "%@ 有应答",
        "%@ answers, but its models list is unavailable: %@": "%1$@ 有应答，但取不到模型列表：%2$@",
        "%@ is listed": "%@ 在列表中",
        "%@ is not among the %d models the server lists (/models shows them); set NOVELIST_MODEL or use /model NAME.":
            "%1$@ 不在服务器列出的 %2$d 个模型中（/models 可查看）；请设置 NOVELIST_MODEL 或用 /model 名称 切换。",
        "%d columns": "%d 列",
        "%d tokens on the server (%@); novelist budgets %d (NOVELIST_CONTEXT_TOKENS)":
            "服务器窗口 %1$d token（%2$@）；novelist 按 %3$d 预算（NOVELIST_CONTEXT_TOKENS）",
        "(first listed)": "（服务器列出的第一个）",
        "API key": "API 密钥",
        "All checks passed.": "全部检查通过。",
        "Some checks failed: see the lines marked FAIL.": "有检查未通过：请看标有 FAIL 的行。",
        "a one-token reply in %d ms": "%d 毫秒内返回了一个 token",
        "accepted": "有效",
        "checked by the test request below": "由下面的测试请求检查",
        "colours off": "无颜色",
        "colours on": "有颜色",
        "configuration": "配置",
        "context window": "上下文窗口",
        "endpoint": "接口",
        "key %@ (from %@)": "密钥 %1$@（来自 %2$@）",
        "model": "模型",
        "no key": "无密钥",
        "no model is set and the server lists none: set NOVELIST_MODEL.": "没有设置模型，服务器也没有列出任何模型：请设置 NOVELIST_MODEL。",
        "no model to ask": "没有可用的模型",
        "no provider": "未指定服务商",
        "none set (the server did not ask for one)": "未设置（服务器没有要求）",
        "not a terminal: plain output, answers read line by line": "不是终端：纯文本输出，逐行读取回答",
        "not found: html, epub and docx exports need it (Debian/Ubuntu: sudo apt-get install pandoc); md and txt work without it.":
            "未找到：导出 html、epub 和 docx 需要它（Debian/Ubuntu：sudo apt-get install pandoc）；md 和 txt 不需要。",
        "terminal": "终端",
        "test request": "测试请求",
        "the endpoint is not usable yet": "接口尚不可用",
        "the locale '%@' is not UTF-8, so Chinese may not display: set LANG=C.UTF-8 (or zh_CN.UTF-8). %@ · %@":
            "区域设置「%1$@」不是 UTF-8，中文可能无法显示：请设置 LANG=C.UTF-8（或 zh_CN.UTF-8）。%2$@ · %3$@",
        "the reply was cut short: %@": "回复被截断：%@",
        "the server does not report it; novelist budgets %d tokens (NOVELIST_CONTEXT_TOKENS)":
            "服务器没有报告；novelist 按 %d token 预算（NOVELIST_CONTEXT_TOKENS）",
        "the server's window is %d tokens (%@) but NOVELIST_CONTEXT_TOKENS is %d: set NOVELIST_CONTEXT_TOKENS=%d.":
            "服务器的窗口是 %1$d token（%2$@），但 NOVELIST_CONTEXT_TOKENS 是 %3$d：请设置 NOVELIST_CONTEXT_TOKENS=%4$d。",
        "width unknown": "宽度未知",
        // Session+Stories.swift: a quiet first open, many outside edits in one line
        "First look at %@: %@ and %d bible entries recorded as they are; /history starts here.":
            "初次打开《%1$@》：已按原样记录 %2$@和 %3$d 个设定条目；/history 从这里开始。",
        "First look at %@: %@, the outline and %d bible entries recorded as they are; /history starts here.":
            "初次打开《%1$@》：已按原样记录 %2$@、大纲和 %3$d 个设定条目；/history 从这里开始。",
        "1 chapter": "1 章",
        "%d chapters": "%d 章",
        "%d files changed outside novelist; recorded in history, /history shows them.": "有 %d 个文件在 novelist 之外被修改；已记入历史，/history 可查看。",
        "%d chapters changed outside novelist: %@; recorded in history, /history shows them.":
            "有 %1$d 章在 novelist 之外被修改：%2$@；已记入历史，/history 可查看。",
        "%d chapters changed outside novelist: %@ (and %d other files); recorded in history, /history shows them.":
            "有 %1$d 章在 novelist 之外被修改：%2$@（另有 %3$d 个其他文件）；已记入历史，/history 可查看。"
    ]
}
