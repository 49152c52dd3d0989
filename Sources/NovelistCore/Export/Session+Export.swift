import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

extension Session {
    // MARK: Export

    /// `/export md|txt|html|epub|docx [options] [PATH]`.
    func export(_ args: String, in open: OpenStory) throws {
        try export(ExportOptions.parse(args), in: open)
    }

    /// `novelist export`: the options its flags made (through the same `ExportFlags` as `/export`), run as
    /// `/export` would run them, on the open story.
    package func export(_ flags: ExportFlags) -> Outcome {
        perform {
            guard let openStory else { throw NovelistError.noStoryOpen }
            try export(try flags.options(), in: openStory)
            return .ok
        }
    }

    /// The export itself, from checked options.
    func export(_ options: ExportOptions, in open: OpenStory) throws {
        let story = open.workspace
        let meta = open.meta
        var target: String
        let toStdout = options.path == "-"
        if toStdout {
            guard options.format == .md || options.format == .txt, options.encoding == .utf8 else {
                throw NovelistError.usage(
                    command: ExportCommand.name,
                    usage: L("%@  (only md and UTF-8 txt can go to standard output, -o -)", ExportCommand.usage))
            }
            target = "-"
        } else if let path = options.path {
            target = path.hasPrefix("~/") ? (ProcessInfo.processInfo.environment["HOME"] ?? "~") + path.dropFirst(1) : path
            if target.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                throw NovelistError.badName(target, reason: Phrase("it contains control characters"))
            }
            if fs.isDirectory(target) || target.hasSuffix("/") {
                throw NovelistError.badName(
                    target,
                    reason: Phrase(
                        "it is a folder; give a file name such as %@",
                        "\(target.hasSuffix("/") ? String(target.dropLast()) : target)/\(story.slug).\(options.format.fileExtension)"))
            }
        } else {
            target = story.path("\(StoryWorkspace.exportDir)/\(story.slug).\(options.format.fileExtension)")
        }
        // A read-only session (another novelist holds the story) exports nothing.
        if open.store.readOnly { throw NovelistError.readOnly(holder: open.store.lockHolder) }
        // Never inside a story folder (but the story's export/), never over a file novelist did not export without asking.
        if !toStdout { guard try checkExportTarget(target, story: story) else { return } }
        let pandoc = Pandoc(environment: ProcessInfo.processInfo.environment)
        if options.format.viaPandoc {
            // Before anything else: a missing pandoc is not worth reading 300 chapters for.
            guard pandoc.locate() != nil else { throw ExportError.pandocMissing(format: options.format.rawValue) }
            guard fs is LocalFileSystem else { throw ExportError.needsDisk(format: options.format.rawValue) }
        }
        if options.encoding != .utf8 && !(fs is LocalFileSystem) {
            throw ExportError.needsDisk(format: L("txt in %@", options.encoding.rawValue))
        }

        // The plan from the chapters' digests; the chapters are read a batch at a time as the file is written.
        let plan = try story.manuscriptPlan(outline: try story.outline(), selection: options.chapters, statuses: options.statuses)
        var done = 0
        let prose = { (batch: ArraySlice<ManuscriptChapter>) throws(NovelistError) -> [Substring] in
            let texts = try story.prose(of: batch)
            done += batch.count
            let total = plan.chapters.count
            if total >= 100 && (done / 25 != (done - batch.count) / 25 || done == total) {
                self.console.progress(L("%d/%d chapters", done, total))
            }
            return texts
        }
        for w in plan.warnings { console.info(L("Note: %@", w)) }
        guard !plan.chapters.isEmpty else {
            if let reason = plan.emptyReason {
                throw NovelistError.usage(command: ExportCommand.name, usage: L("%@  (nothing to export: %@)", ExportCommand.usage, reason))
            }
            throw NovelistError.nothingToExport
        }
        var disclosure: String?
        if options.aiDisclosure {
            let models = AIDisclosure.models(fromTranscript: try? fs.read(story.path(StoryWorkspace.chatLog)))
            let log = provenanceLog()
            var report = ProvenanceReport(paragraphs: [])
            // With no provenance recorded (text from before novelist tracked it), shares would be guesses: name the models only.
            if !log.paragraphs.isEmpty {
                var start = 0
                while start < plan.chapters.count {
                    let batch = plan.chapters[start..<min(start + ProseBatches.size, plan.chapters.count)]
                    for text in try story.prose(of: batch) { report.add(Provenance.classify(String(text), log: log)) }
                    start += batch.count
                }
            }
            disclosure = AIDisclosure.text(language: meta.language, report: report, models: models)
        }
        let date = Self.dateString(now())
        let result: ManuscriptExport
        switch options.format {
        // A file is written a chapter at a time into its temporary file, renamed over the target at the end.
        case .md:
            if toStdout {
                result = try ManuscriptExport.markdown(
                    meta: meta, plan: plan, date: date, toc: options.toc, disclosure: disclosure, prose: prose)
                console.output(String(result.text.dropLast()))
            } else {
                var written: ManuscriptExport?
                try fs.writeAtomically(target) { write in
                    written = try ManuscriptExport.writeMarkdown(
                        meta: meta, plan: plan, date: date, toc: options.toc, disclosure: disclosure, prose: prose, to: write)
                }
                result = written!
            }
        case .txt:
            if toStdout {
                result = try ManuscriptExport.text(meta: meta, plan: plan, indent: options.indent, disclosure: disclosure, prose: prose)
                console.output(String(result.text.dropLast()))
            } else if options.encoding == .utf8 {
                var written: ManuscriptExport?
                try fs.writeAtomically(target) { write in
                    written = try ManuscriptExport.writeText(
                        meta: meta, plan: plan, indent: options.indent, disclosure: disclosure, prose: prose, to: write)
                }
                result = written!
            } else {
                var written: ManuscriptExport?
                var line = 1
                try AtomicFile.writeAtomically(target) { (file: AtomicFile.Pieces) in
                    written = try ManuscriptExport.writeText(
                        meta: meta, plan: plan, indent: options.indent, disclosure: disclosure, prose: prose
                    ) { piece in
                        let bytes = try TextEncoder.encode(String(piece), as: options.encoding, firstLine: line)
                        line += piece.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                        try bytes.withUnsafeBytes { try file.write($0) }
                    }
                }
                result = written!
            }
        case .html, .epub, .docx:
            result = try ManuscriptExport.markdown(meta: meta, plan: plan, date: date, toc: false, disclosure: disclosure, prose: prose)
            let writer = openStory?.store.readOnly == false
            defer { if writer { PandocLeftovers.forget(story) } }
            let notes = try pandoc.convert(
                markdown: result.text, format: options.format, meta: meta, toc: options.toc, parts: plan.hasVolumes, to: target
            ) { pid, files in
                if writer { PandocLeftovers.remember(story, pid: pid, files: files) }
            }
            for n in notes.prefix(5) { console.info("pandoc: \(n)") }
        }
        if !toStdout { rememberExport(target, story: story) }
        let destination = toStdout ? L("standard output") : target
        let unit = meta.language.lengthUnit
        switch (result.chapterCount == 1, options.encoding == .utf8) {
        case (true, true): console.info(L("Exported 1 chapter, %d %@, to %@.", result.length, unit, destination))
        case (false, true): console.info(L("Exported %d chapters, %d %@, to %@.", result.chapterCount, result.length, unit, destination))
        case (true, false):
            console.info(
                L("Exported 1 chapter, %d %@, to %@ (%@).", result.length, unit, destination, options.encoding.rawValue.uppercased()))
        case (false, false):
            console.info(
                L(
                    "Exported %d chapters, %d %@, to %@ (%@).", result.chapterCount, result.length, unit, destination,
                    options.encoding.rawValue.uppercased()))
        }
    }

    /// The writer's local day, `yyyy-MM-dd`, by the C library's `localtime_r` (`StoredTime`): a DateFormatter
    /// brings up ICU, whose data pages were a fifth of an export's memory (issue 19).
    static func dateString(_ date: Date) -> String {
        StoredTime.local(date, dayOnly: true)
    }

    // MARK: Stats

    /// `/stats [--json]`: chapter numbers, titles, status and lengths; the JSON goes to standard output.
    func stats(_ args: String, in open: OpenStory) throws {
        let story = open.workspace
        let meta = open.meta
        let words = args.split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.allSatisfy({ $0 == "--json" }) else {
            throw StatsCommand.usageError
        }
        let stats = StoryStats.make(slug: story.slug, meta: meta, chapters: try story.chapters(), outline: try story.outline())
        if words.contains("--json") {
            console.output(stats.json())
        } else {
            for line in stats.lines() { console.output(line) }
            do {
                let days = Array(try open.store.writtenPerDay(unitOf: { TextLength.count(MarkdownDocument.bodyOf($0)).total }).suffix(14))
                let chart = StoryStats.daily(days, unit: stats.unit)
                if !chart.isEmpty {
                    console.output(L("Written per day:"))
                    for line in chart { console.output(line) }
                }
            }
        }
    }
}
