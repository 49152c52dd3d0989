extension Messages {
    /// Chinese texts of hostile-input handling: links, read-only files, export targets, the lock, duplicates (issue 13).
    static let zhHostile: [String: String] = [
        "%@ answered 404 Not Found: the base URL or the model name is wrong (model '%@'). The models list (%@) was unavailable too, so the base URL is the likely culprit (it should end in /v1). Use /model NAME or fix OPENAI_BASE_URL.":
            "%1$@ 返回 404 Not Found：接口地址或模型名不对（模型「%2$@」）。模型列表（%3$@）也无法获取，所以多半是接口地址有误（应以 /v1 结尾）。请用 /model 名称 或修改 OPENAI_BASE_URL。",
        "%@ was not written: %@ is a symbolic link, and novelist never writes through a link in a story folder. Replace the link with a real file or folder.":
            "没有写入 %1$@：%2$@ 是符号链接，novelist 绝不透过故事文件夹里的链接写入。请把链接换成真正的文件或文件夹。",
        "Skipped %@: it is a symbolic link that leads outside the story folder, so novelist does not read it.":
            "已跳过 %@：它是指向故事文件夹之外的符号链接，novelist 不读取它。",
        "%@ is read-only (its permissions allow no writing), so novelist did not change it. Make it writable (chmod u+w) to change it.":
            "%@ 是只读文件（权限不允许写入），novelist 没有改动它。要修改它，请先设为可写（chmod u+w）。",
        "the folder %@ does not exist (novelist creates at most the last folder of an export path)":
            "文件夹 %@ 不存在（导出路径中 novelist 最多只新建最后一层文件夹）",
        "it is inside the story folder %@; exports go to %@/ or outside the stories": "它位于故事文件夹 %1$@ 之内；导出文件请放在 %2$@/ 或故事文件夹之外",
        "%@ exists and novelist did not write it as an export. Replace it? [y/N] ": "%@ 已存在，且不是 novelist 导出的文件。要替换它吗？[y/N] ",
        "Nothing was exported; %@ is unchanged.": "没有导出；%@ 未改动。",
        "%@ is read-only (chmod 444): it is written only after a second, explicit yes.": "%@ 是只读文件（chmod 444）：需要再明确回答一次 y 才会写入。",
        "%@ is read-only; --yes does not replace it (answer y yourself to write it).": "%@ 是只读文件；--yes 不会替换它（要写入请亲自回答 y）。",
        "%@ is read-only. Write it anyway? [y/N] ": "%@ 是只读文件。仍然写入吗？[y/N] ",
        "Opened %@: %d chapters in the outline, %d written.": "已打开《%@》：大纲中有 %d 章，已写 %d 章。",
        "Chapter %d has %d files: %@. novelist shows the first; rename or merge the others (commands that change chapter %d refuse until then).":
            "第 %1$d 章有 %2$d 个文件：%3$@。novelist 只显示第一个；请重命名或合并其余文件（在此之前，修改第 %4$d 章的命令会拒绝执行）。",
        "The outline has chapter %d %d times; only the first entry is used. Renumber or merge them in outline.md.":
            "大纲里第 %1$d 章出现了 %2$d 次；只使用第一个条目。请在 outline.md 里重新编号或合并。",
        "chapter %d has %d files; rename or merge them first, since novelist changes one file at a time":
            "第 %1$d 章有 %2$d 个文件；novelist 一次只改一个文件，请先重命名或合并它们"
    ]
}
