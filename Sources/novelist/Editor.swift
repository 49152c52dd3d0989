import Foundation
import NovelistCore
import Synchronization

/// Runs the writer's editor ($VISUAL, else $EDITOR, else vi) on a private copy, with an argument vector,
/// never through a shell.
enum Editor {
    static func edit(_ text: String, fileName: String, interactive: Bool) throws -> String? {
        let env = ProcessInfo.processInfo.environment
        let command = [env["VISUAL"], env["EDITOR"]].compactMap { $0 }.first { !$0.trimmingWhitespace().isEmpty } ?? "vi"
        let argv = command.split(whereSeparator: \.isWhitespace).map(String.init)
        var template = Array((NSTemporaryDirectory() + "/novelist-edit-XXXXXX").utf8CString)
        guard let dirPtr = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw NovelistError.fileFailed(path: NSTemporaryDirectory(), detail: L("cannot make a folder for editing"))
        }
        let dir = String(cString: dirPtr)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/" + fileName
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw NovelistError.fileFailed(path: path, detail: L("cannot write the copy to edit"))
        }
        let args = argv + [path]
        let status: Int32
        do {
            status = try Spawn.wait(try Spawn.start(args, searchPath: true, input: interactive ? .inherit : .null))
        } catch {
            throw NovelistError.fileFailed(
                path: args[0], detail: L("the editor could not be started (%@); set VISUAL or EDITOR", error.message))
        }
        guard status == 0 else {
            throw NovelistError.fileFailed(path: args[0], detail: L("the editor did not exit cleanly, so its result was not used"))
        }
        return (try? String(contentsOfFile: path, encoding: .utf8))
    }
}
