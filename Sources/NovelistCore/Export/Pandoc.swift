import CoreFoundation
import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

#if canImport(Glibc)
    import Glibc
#endif

/// Export errors that need more words than a `NovelistError` case: shown as they are (`description`).
package enum ExportError: Error, Equatable, Sendable, CustomStringConvertible {
    case pandocMissing(format: String)
    case pandocFailed(status: Int32, detail: String)
    case cannotEncode(character: String, line: Int, encoding: String)
    case needsDisk(format: String)

    package var description: String {
        switch self {
        case .pandocMissing(let format):
            return L(
                "Exporting %@ needs pandoc, and pandoc is not installed (it is not on PATH). Install it with `sudo apt-get install pandoc` (macOS: `brew install pandoc`), or set NOVELIST_PANDOC to its path. md and txt export without it. Nothing was written.",
                format)
        case .pandocFailed(let status, let detail):
            if detail.isEmpty {
                return L(
                    "pandoc could not convert the manuscript (exit status %d). Nothing was written; /export md works without pandoc.",
                    Int(status))
            }
            return L(
                "pandoc could not convert the manuscript (exit status %d): %@. Nothing was written; /export md works without pandoc.",
                Int(status), detail)
        case .cannotEncode(let character, let line, let encoding):
            let scalars = character.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ")
            return L(
                "The character '%@' (%@) on line %d of the manuscript cannot be written in %@. Replace it in the chapter, or export UTF-8 (leave out --encoding). Nothing was written.",
                character, scalars, line, encoding)
        case .needsDisk(let format):
            return L("Exporting %@ needs a real folder on disk. Nothing was written.", format)
        }
    }
}

/// Encodes text for txt exports.
package enum TextEncoder {
    /// The bytes of `text` in `encoding`; a character the encoding cannot represent is an error, never dropped.
    /// `firstLine`: the line `text` starts on in the whole file (an export encodes a chapter at a time), for the error.
    package static func encode(_ text: String, as encoding: TextEncodingChoice, firstLine: Int = 1) throws(ExportError) -> [UInt8] {
        switch encoding {
        case .utf8:
            return Array(text.utf8)
        case .gb18030:
            let enc = gb18030
            if let data = text.data(using: enc, allowLossyConversion: false), String(data: data, encoding: enc) == text {
                return Array(data)
            }
            // Find the first character that does not survive, to name it.
            var line = firstLine
            for ch in text {
                if ch == "\n" {
                    line += 1
                    continue
                }
                let s = String(ch)
                guard let d = s.data(using: enc, allowLossyConversion: false), String(data: d, encoding: enc) == s else {
                    throw .cannotEncode(character: s, line: line, encoding: "GB18030")
                }
            }
            throw .cannotEncode(character: "?", line: line, encoding: "GB18030")
        }
    }

    package static func decode(_ bytes: [UInt8], as encoding: TextEncodingChoice) -> String? {
        switch encoding {
        case .utf8: return String(validating: bytes, as: UTF8.self)
        case .gb18030: return String(data: Data(bytes), encoding: gb18030)
        }
    }

    static var gb18030: String.Encoding {
        String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))
    }
}

/// Runs pandoc to turn the Markdown manuscript into html, epub or docx. Spawned with an argument vector
/// (posix_spawn, never a shell); the output goes to a temporary file in the target folder that is renamed
/// over the target only when pandoc succeeded.
package struct Pandoc: Sendable {
    package let environment: [String: String]

    package init(environment: [String: String]) { self.environment = environment }

    /// pandoc's path: NOVELIST_PANDOC, else the first `pandoc` on PATH.
    package func locate() -> String? {
        if let explicit = environment["NOVELIST_PANDOC"], !explicit.isEmpty {
            return access(explicit, X_OK) == 0 ? explicit : nil
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (dir.isEmpty ? "." : String(dir)) + "/pandoc"
            var st = stat()
            if stat(candidate, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// The arguments after `pandoc` for one conversion.
    package static func arguments(format: ExportFormat, input: String, output: String, meta: StoryMeta, toc: Bool, parts: Bool = false)
        -> [String]
    {
        var args = [
            "--from", "markdown", "--to", format.pandocWriter, "--standalone",
            "--metadata", "lang=\(meta.language.bcp47)",
            "--metadata", "title=\(meta.title.isEmpty ? "Untitled" : meta.title)"
        ]
        if format == .html { args += ["--metadata", "pagetitle=\(meta.title.isEmpty ? "Untitled" : meta.title)"] }
        if toc {
            args += ["--toc", "--toc-depth=1", "--metadata", "toc-title=\(meta.language == .zh ? "目录" : "Contents")"]
        }
        // Volumes are `#` parts and chapters `##`: one part per volume, still one epub file per chapter.
        if parts { args += ["--top-level-division=part"] + (format == .epub ? ["--epub-chapter-level=2"] : []) }
        args += ["--output", output, input]
        return args
    }

    /// Converts `markdown` to `format` and writes it to `target` atomically. Returns pandoc's warnings.
    @discardableResult
    /// `started` is told pandoc's process (group) id and the temporary files, so that a novelist killed
    /// meanwhile can have them cleaned at its next start (`PandocLeftovers`).
    package func convert(
        markdown: String, format: ExportFormat, meta: StoryMeta, toc: Bool, parts: Bool = false, to target: String,
        started: ((Int32, [String]) -> Void)? = nil
    ) throws -> [String] {
        guard let pandoc = locate() else { throw ExportError.pandocMissing(format: format.rawValue) }
        let fs = LocalFileSystem()
        let dir = parentDirectory(target)
        try fs.createDirectory(dir.isEmpty ? "." : dir)
        let input = try AtomicFile.temporary(near: target, suffix: ".md")
        defer { unlink(input) }
        try AtomicFile.writeAtomically(input, bytes: Array(markdown.utf8))
        let output = try AtomicFile.temporary(near: target, suffix: "." + format.fileExtension)
        var committed = false
        defer { if !committed { unlink(output) } }
        let log = try AtomicFile.temporary(near: target, suffix: ".log")
        defer { unlink(log) }

        let args = Self.arguments(format: format, input: input, output: output, meta: meta, toc: toc, parts: parts)
        // pandoc decodes its arguments in the locale's encoding: under LANG=C a Chinese title would turn to mojibake.
        // pandoc needs no secrets: keys and tokens are not passed on.
        var env = environment.filter { name, _ in
            let n = name.uppercased()
            return
                !(n.hasSuffix("_KEY") || n.hasSuffix("_TOKEN") || n.contains("API_KEY") || n.contains("SECRET") || n == "NOVELIST_HEADERS")
        }
        env["LC_ALL"] = "C.UTF-8"
        let status = try Self.spawn(pandoc, args, stdoutAndStderrTo: log, environment: env) { started?($0, [input, output, log]) }
        let messages = ((try? fs.read(log)) ?? "").split(separator: "\n").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard status == 0 else {
            throw ExportError.pandocFailed(status: status, detail: messages.suffix(3).joined(separator: " / "))
        }
        var st = stat()
        guard stat(output, &st) == 0, st.st_size > 0 else {
            throw ExportError.pandocFailed(status: 0, detail: L("it wrote nothing"))
        }
        try AtomicFile.commit(output, to: target)
        committed = true
        // pandoc 2.x has no Chinese UI strings; that says nothing about the book.
        return messages.filter { !$0.contains("translation") }
    }

    /// Runs `path` with `arguments` (no shell), standard input from /dev/null, output to `logPath`; returns the exit status.
    /// pandoc runs in its own process group: a Ctrl-C meant for novelist does not reach it, and the group can be
    /// ended as a whole after novelist was killed.
    static func spawn(
        _ path: String, _ arguments: [String], stdoutAndStderrTo logPath: String, environment: [String: String],
        started: (Int32) -> Void = { _ in }
    ) throws -> Int32 {
        do {
            let pid = try Spawn.start(
                [path] + arguments, searchPath: false, input: .null, output: .file(logPath),
                environment: environment, newProcessGroup: true)
            started(pid)
            return try Spawn.wait(pid)
        } catch {
            throw ExportError.pandocFailed(status: -1, detail: L("it could not be started (%@)", error.message))
        }
    }
}
