// novelist-bench: times NovelistCore functions in-process for `make bench` (bench/run.py).
// Each subcommand runs its work `--iterations` times (after one warm-up run unless --cold) and prints one
// JSON object: milliseconds per run (min and median) plus what was measured. Peak memory is measured by
// the caller (wait4), so each measure runs in a process of its own.
//
//   novelist-bench idle
//   novelist-bench stream  SSE_BODY_FILE            SSEDecoder + ChatChunkDecoder over a whole stream
//   novelist-bench open    STORY_DIR                StoryStore open + noticeOutsideEdits, chapters(), outline()
//   novelist-bench context STORY_DIR CHAPTER        what /expand CHAPTER assembles: prompt + ContextBuilder.build
//   novelist-bench sha     FILE...                  SHA256.hex of each file (the first open hashes every file)
//   novelist-bench text    FILE...                  UTF8Check.isValid and TextLength.count over the files' bytes
//   novelist-bench diff    OLD NEW                  LineDiff.diff (+ render, lengthChange)
//   novelist-bench export  STORY_DIR                chapters() + outline() + ManuscriptExport.markdown
//   novelist-bench index   STORY_DIR                the appearance index: built from nothing, then updated after one chapter changed
import Foundation
import NovelistCore

func nowNS() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

var args = Array(CommandLine.arguments.dropFirst())
nonisolated(unsafe) var iterations = 5
nonisolated(unsafe) var warmup = true
if let i = args.firstIndex(of: "--iterations"), i + 1 < args.count {
    iterations = max(1, Int(args[i + 1]) ?? 5)
    args.removeSubrange(i...(i + 1))
}
if let i = args.firstIndex(of: "--cold") {
    warmup = false
    args.remove(at: i)
}
guard let command = args.first else {
    FileHandle.standardError.write(Data("usage: novelist-bench idle|stream|open|context|sha|text|diff|export|index ...\n".utf8))
    exit(2)
}

/// Runs `body` (warm-up first), returns (min, median) milliseconds.
func measure(_ body: () throws -> Void) rethrows -> (min: Double, median: Double) {
    if warmup { try body() }
    var runs: [Double] = []
    for _ in 0..<iterations {
        let t0 = nowNS()
        try body()
        runs.append(Double(nowNS() - t0) / 1e6)
    }
    runs.sort()
    return (runs[0], runs[runs.count / 2])
}

func report(_ fields: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("novelist-bench: \(message)\n".utf8))
    exit(1)
}

let fs = LocalFileSystem()

func promptsDir() -> String? {
    let fm = FileManager.default
    if let dir = ProcessInfo.processInfo.environment["NOVELIST_PROMPTS_DIR"] { return dir }
    return fm.fileExists(atPath: "prompts/zh") ? "prompts" : nil
}

do {
    switch command {
    case "idle":
        report(["ms_min": 0, "ms_median": 0])

    case "stream":
        guard args.count >= 2, let body = FileManager.default.contents(atPath: args[1]) else { fail("stream FILE") }
        let bytes = [UInt8](body)
        var chunks = 0
        var contentBytes = 0
        let t = try measure {
            // What ChatClient runs on each network read (ReplyReader: SSE, chunk JSON, cleaning, <think>).
            chunks = 0
            var reader = ReplyReader()
            bytes.withUnsafeBytes { raw in
                var off = 0
                while off < raw.count {  // libcurl hands over at most 16 KiB at a time
                    let n = min(16384, raw.count - off)
                    reader.feed(UnsafeRawBufferPointer(rebasing: raw[off..<(off + n)])) { _ in chunks += 1 }
                    off += n
                }
            }
            reader.finish { _ in chunks += 1 }
            contentBytes = reader.content.utf8.count
        }
        // The parts alone: SSE framing only, then JSON decoding only.
        var events: [String] = []
        let sse = try measure {
            events.removeAll(keepingCapacity: true)
            var decoder = SSEDecoder()
            bytes.withUnsafeBytes { decoder.feed($0) { events.append($0) } }
        }
        let json = try measure {
            for e in events where e != "[DONE]" { _ = ChatChunkDecoder.decode(e) }
        }
        report([
            "ms_min": t.min, "ms_median": t.median, "content_events": chunks, "content_bytes": contentBytes,
            "sse_ms": sse.min, "json_ms": json.min, "bytes": bytes.count
        ])

    case "open":
        guard args.count >= 2 else { fail("open STORY_DIR") }
        let ws = StoryWorkspace(fs: fs, root: args[1])
        var files = 0
        let store = try measure {
            let s = try StoryStore(workspace: ws)
            files = s.trackedFiles().count
            _ = try s.noticeOutsideEdits()
            s.releaseLock()
        }
        var n = 0
        let chapters = try measure { n = try ws.chapters().count }
        let outline = try measure { _ = try ws.outline() }
        let meta = try measure { _ = try ws.meta() }
        report([
            "ms_min": store.min + chapters.min + outline.min + meta.min,
            "ms_median": store.median + chapters.median + outline.median + meta.median,
            "store_ms": store.min, "chapters_ms": chapters.min, "outline_ms": outline.min, "meta_ms": meta.min,
            "chapters": n, "tracked_files": files
        ])

    case "context":
        // What /expand chapter N does before it sends, through the planner the session calls (TaskPlanner:
        // chapterVariables, chapterRequest): the expand prompt, then ContextBuilder.build within the
        // default 8,000-token window and a 3,000-字 reply's reservation.
        guard args.count >= 3, let n = Int(args[2]) else { fail("context STORY_DIR CHAPTER") }
        let ws = StoryWorkspace(fs: fs, root: args[1])
        let prompts = PromptLibrary(fs: fs, directory: promptsDir())
        // The store knows the chapters' hashes (as in the session, whose store the appearance index asks), and the
        // appearance index is brought up to date once and saved, as a session's first /context leaves it: the
        // timed runs are the warm case (the index build is timed on its own by `novelist-bench index`).
        let store = try StoryStore(workspace: ws)
        _ = try store.noticeOutsideEdits()
        _ = AppearanceIndex.load(
            ws, entries: try BibleEntry.load(ws), chapters: ws.chapterDigests(), save: true, hash: { store.knownHash($0.path) },
            read: { try? ws.chapter($0.number, at: $0.path) ?? nil })
        ws.saveDigests()
        var size = 0
        var sections = 0
        var droppedCount = 0
        var parts: [String: Double] = [:]
        let t = try measure {
            var t0 = nowNS()
            func lap(_ name: String) {
                let t1 = nowNS()
                parts[name, default: 0] += Double(t1 - t0) / 1e6
                t0 = t1
            }
            let meta = try ws.meta()
            // expand: the outline entry, the chapter file, the template variables, the instruction.
            let outline = try ws.outline()
            let outlineText = try ws.outlineText()
            guard let entry = outline.first(where: { $0.number == n }) else { fail("chapter \(n) not in the outline") }
            lap("outline_ms")
            let existing = try ws.chapter(n)
            let relPath = existing?.path ?? StoryWorkspace.chapterPath(number: n, title: entry.title)
            _ = try fs.read(ws.path(relPath))
            // As the session: the digests (no chapter read when none changed), the previous chapter's prose.
            let chapters = ws.chapterDigests()
            let ending = try ws.chapter(n - 1)?.prose
            lap("chapters_ms")
            var vars = TaskPlanner.chapterVariables(
                n, entry: entry, title: entry.title, meta: meta, outline: outline, outlineText: outlineText, chapters: chapters)
            vars["length_target"] = String(meta.chapterLength ?? 3000)
            vars["guidance"] = ""
            let instruction = try prompts.render("expand", language: meta.language, story: ws, variables: vars)
            let system = try prompts.render(
                "system", language: meta.language, story: ws, variables: TaskPlanner.storyVariables(meta, outlineText: outlineText))
            let labels = try prompts.contextLabels(language: meta.language, story: ws)
            let threadHeading = try prompts.template("thread-heading", language: meta.language, story: ws)
            lap("render_ms")
            let bible = try BibleEntry.load(ws)
            lap("bible_load_ms")
            let index = AppearanceIndex.load(
                ws, entries: bible, chapters: chapters, save: false, hash: { store.knownHash($0.path) },
                read: { try? ws.chapter($0.number, at: $0.path) ?? nil })
            lap("index_ms")
            // The session's chapterRequest, through the same planner.
            var task = ChapterTask(
                meta: meta, system: system, instruction: instruction, chapter: n, contextTokens: 8000,
                reservedOutput: Int((3000 * 1.1 * 1.3).rounded(.up)) + 64, estimator: TokenEstimator(factor: 1.0), labels: labels,
                chapters: chapters, outline: outline, outlineText: outlineText, entries: bible, appearances: index)
            task.mentions = [""]
            task.endingOf = n - 1
            task.ending = ending
            task.threads = StoryThread.parse(try fs.read(ws.path(StoryThread.file)) ?? "")
            task.threadHeading = threadHeading
            let r = try TaskPlanner.chapterRequest(task)
            lap("request_ms")
            let plan = try ContextBuilder.build(r)
            lap("build_ms")
            size = plan.messages.reduce(0) { $0 + $1.content.utf8.count }
            sections = plan.sections.count
            droppedCount = plan.dropped.count
        }
        var out: [String: Any] = [
            "ms_min": t.min, "ms_median": t.median, "prompt_bytes": size, "sections": sections,
            "dropped": droppedCount, "what": "expand prompt + ContextBuilder.build (as /expand)"
        ]
        let runs = Double(iterations + (warmup ? 1 : 0))
        for (k, v) in parts { out[k] = v / runs }
        report(out)

    case "sha":
        // SHA256.hex over files (what the first open of a story does for every tracked file); prints the hashes.
        guard args.count >= 2 else { fail("sha FILE...") }
        let texts = try args.dropFirst().map { try fs.read($0) ?? "" }
        var hashes: [String] = []
        let t = try measure { hashes = texts.map(SHA256.hex) }
        let bytes = texts.reduce(0) { $0 + $1.utf8.count }
        report(["ms_min": t.min, "ms_median": t.median, "bytes": bytes, "hashes": hashes])

    case "text":
        // The two passes over every byte of the manuscript that each read and export make: the UTF-8 check and the count.
        guard args.count >= 2 else { fail("text FILE...") }
        let texts = try args.dropFirst().map { try fs.read($0) ?? "" }
        var valid = true
        let check = measure {
            valid = texts.allSatisfy {
                var t = $0
                return t.withUTF8(UTF8Check.isValid)
            }
        }
        var total = 0
        let count = measure { total = texts.reduce(0) { $0 + TextLength.count($1).total } }
        let bytes = texts.reduce(0) { $0 + $1.utf8.count }
        report([
            "ms_min": check.min + count.min, "check_ms": check.min, "count_ms": count.min, "bytes": bytes, "valid": valid,
            "length": total, "check_ns_per_byte": check.min * 1e6 / Double(bytes), "count_ns_per_byte": count.min * 1e6 / Double(bytes)
        ])

    case "diff":
        guard args.count >= 3, let old = try fs.read(args[1]), let new = try fs.read(args[2]) else { fail("diff OLD NEW") }
        var script: [DiffLine] = []
        let t = try measure { script = LineDiff.diff(old, new) }
        var rendered = 0
        let render = try measure {
            rendered = LineDiff.render(script, color: false).utf8.count
            _ = LineDiff.lengthChange(script)
        }
        let changed = script.filter {
            if case .same = $0 { return false }
            return true
        }.count
        report([
            "ms_min": t.min, "ms_median": t.median, "render_ms": render.min, "script": script.count,
            "changed": changed, "rendered_bytes": rendered, "old_length": TextLength.count(old).total
        ])

    case "export":
        guard args.count >= 2 else { fail("export STORY_DIR") }
        let ws = StoryWorkspace(fs: fs, root: args[1])
        var bytes = 0
        var length = 0
        var readMS = Double.infinity
        var renderMS = Double.infinity
        let t = try measure {
            let t0 = nowNS()
            let meta = try ws.meta()
            let chapters = try ws.chapters()
            let outline = try ws.outline()
            let t1 = nowNS()
            let result = ManuscriptExport.markdown(meta: meta, chapters: chapters, outline: outline, date: "2025-01-01")
            let t2 = nowNS()
            bytes = result.text.utf8.count
            length = result.length
            readMS = min(readMS, Double(t1 - t0) / 1e6)
            renderMS = min(renderMS, Double(t2 - t1) / 1e6)
        }
        report([
            "ms_min": t.min, "ms_median": t.median, "read_ms": readMS, "render_ms": renderMS,
            "bytes": bytes, "length": length
        ])

    case "index":
        // The appearance index of issue 15 (AppearanceIndex.updated): built over every chapter, then brought up to
        // date after the last chapter changed. Content hashes come from the store in a session; here they are
        // computed once beforehand, so that the times are the index's own.
        guard args.count >= 2 else { fail("index STORY_DIR") }
        let ws = StoryWorkspace(fs: fs, root: args[1])
        let entries = try BibleEntry.load(ws)
        let chapters = try ws.chapters()
        var hashes = Dictionary(uniqueKeysWithValues: chapters.map { ($0.path, AppearanceIndex.hash($0)) })
        let empty = try JSONDecoder().decode(AppearanceIndex.self, from: Data(#"{"names":"","chapters":{}}"#.utf8))
        var built = empty
        var scanned = 0
        let build = measure { (built, scanned) = empty.updated(entries: entries, chapters: chapters) { hashes[$0.path]! } }
        var changed = chapters
        changed[changed.count - 1].document.body += "\n\n" + (entries.first?.name ?? "") + "又回来了。\n"
        hashes[changed[changed.count - 1].path] = AppearanceIndex.hash(changed[changed.count - 1])
        var rescanned = 0
        let update = measure { rescanned = built.updated(entries: entries, chapters: changed) { hashes[$0.path]! }.scanned }
        report([
            "ms_min": build.min, "ms_median": build.median, "build_ms": build.min, "update_ms": update.min,
            "chapters": chapters.count, "entries": entries.count, "scanned": scanned, "rescanned": rescanned
        ])

    default:
        fail("unknown subcommand \(command)")
    }
} catch {
    fail("\(error)")
}
