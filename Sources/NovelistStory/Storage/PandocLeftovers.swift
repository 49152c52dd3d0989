import Foundation
import NovelistText

/// A novelist killed (kill -9) during an epub, html or docx export leaves pandoc running and its temporary
/// files behind. While pandoc runs, `.novelist/pandoc.json` names its process group and the files; the next
/// start of a writer on the story ends that group (if it is still a pandoc) and removes the files.
package enum PandocLeftovers {
    static let record = ".novelist/pandoc.json"

    struct Record: Codable {
        var pid: Int32
        var files: [String]
    }

    package static func remember(_ workspace: StoryWorkspace, pid: Int32, files: [String]) {
        guard let data = try? JSONEncoder().encode(Record(pid: pid, files: files.map(LinkGuard.absolute))) else { return }
        try? workspace.fs.writeAtomically(workspace.path(record), String(decoding: data, as: UTF8.self))
    }

    package static func forget(_ workspace: StoryWorkspace) {
        try? workspace.fs.remove(workspace.path(record))
    }

    /// At start (the writer holding the lock): end a pandoc left running, remove its temporary files.
    package static func clean(_ workspace: StoryWorkspace) {
        guard let text = try? workspace.fs.read(workspace.path(record)),
            let r = try? JSONDecoder().decode(Record.self, from: Data(text.utf8))
        else { return }
        let cmdline = (try? String(contentsOfFile: "/proc/\(r.pid)/cmdline", encoding: .utf8)) ?? ""
        if r.pid > 1, cmdline.contains("pandoc") { kill(-r.pid, SIGKILL) }
        // Only novelist's own temporary files (`.<name>.novelist-XXXXXX…`).
        for file in r.files where lastPathComponent(file).hasPrefix(".") && file.contains(".novelist-") { unlink(file) }
        forget(workspace)
    }
}
