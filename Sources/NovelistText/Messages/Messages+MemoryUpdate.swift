extension Messages {
    /// `/summarize chapter N` proposing the summary, progressions and threads as one change (issue 15).
    static let zhMemoryUpdate: [String: String] = [
        "Left out: the bible has no entry named %@.": "未采用：设定中没有名为 %@ 的条目。",
        "Left out: threads.md already has the thread %@.": "未采用：threads.md 里已有伏笔 %@。",
        "Left out: threads.md has no open thread %@ to resolve.": "未采用：threads.md 里没有待回收的伏笔 %@。",
        "The summary of chapter %d proposes changes to %d files; review each, then they are written as one change:":
            "第 %1$d 章的摘要涉及 %2$d 个文件的改动；逐个审阅后将作为一次改动写入：",
        "%@ changed on disk while the model was writing. Nothing was written; run the command again.":
            "模型写作期间 %@ 在磁盘上被改动了。没有写入任何内容；请重新运行该命令。",
        "%@ from chapter %d": "%1$@ 自第 %2$d 章起",
        "threads planted: %d, resolved: %d": "新埋伏笔 %1$d 个，回收 %2$d 个",
        "%@ changed on disk during the review. Nothing was written; run the command again.":
            "审阅期间 %@ 在磁盘上被改动了。没有写入任何内容；请重新运行该命令。"
    ]
}
