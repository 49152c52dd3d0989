extension Messages {
    /// Errors as data (issue 14): the system errors a file operation names (NovelistError.io(path:errno:)).
    static let zhErrors: [String: String] = [
        "Could not write %@: the disk is full (%@). Nothing was changed; free some space and try again.":
            "无法写入 %1$@：磁盘已满（%2$@）。未做任何改动；请腾出一些空间后再试。",
        "Could not access %@: permission denied (%@). Nothing was changed; check the permissions of the file and its folder (ls -l).":
            "无法访问 %1$@：权限不足（%2$@）。未做任何改动；请检查该文件及其文件夹的权限（ls -l）。",
        "Could not write %@: the file system is read-only (%@). Nothing was changed; copy the story to a writable disk to change it.":
            "无法写入 %1$@：文件系统是只读的（%2$@）。未做任何改动；要修改，请把故事复制到可写的磁盘上。"
    ]
}
