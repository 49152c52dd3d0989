import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

#if canImport(Glibc)
    import Glibc
#endif

extension Pandoc {
    /// The pandoc reader for a file to import, by its extension (nil: not one pandoc is needed for).
    package static func importReader(forPath path: String) -> String? {
        switch path.split(separator: ".").last.map { $0.lowercased() } ?? "" {
        case "docx": return "docx"
        case "epub": return "epub"
        case "odt": return "odt"
        default: return nil
        }
    }

    /// Converts a DOCX, EPUB or ODT file to Markdown (its text, headings kept), with pandoc; nothing is written
    /// anywhere but a temporary file, removed afterwards.
    package func markdown(from path: String, reader: String) throws -> String {
        guard let pandoc = locate() else { throw ExportError.pandocMissing(format: reader) }
        let dir = NSTemporaryDirectory().isEmpty ? "/tmp" : NSTemporaryDirectory()
        let base = (dir.hasSuffix("/") ? dir : dir + "/") + "novelist-import-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let output = base + ".md"
        let log = base + ".log"
        defer {
            unlink(output)
            unlink(log)
        }
        var env = environment.filter { name, _ in
            let n = name.uppercased()
            return
                !(n.hasSuffix("_KEY") || n.hasSuffix("_TOKEN") || n.contains("API_KEY") || n.contains("SECRET") || n == "NOVELIST_HEADERS")
        }
        env["LC_ALL"] = "C.UTF-8"
        // The log must exist: spawn opens it without O_CREAT.
        guard FileManager.default.createFile(atPath: log, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw ExportError.pandocFailed(status: -1, detail: L("cannot write in %@", dir))
        }
        let args = ["--from", reader, "--to", "markdown-smart", "--wrap=none", "--output", output, path]
        let status = try Self.spawn(pandoc, args, stdoutAndStderrTo: log, environment: env)
        let messages = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }
        guard status == 0, let data = FileManager.default.contents(atPath: output) else {
            throw ExportError.pandocFailed(status: status, detail: messages.suffix(3).joined(separator: " / "))
        }
        return String(decoding: data, as: UTF8.self)
    }
}
