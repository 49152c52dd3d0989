import Foundation
import NovelistText

/// The story's files as novelist changes them: every change journaled in `.novelist/` before it happens,
/// applied all-or-nothing, undoable and redoable across restarts, each distinct content stored once.
/// Also holds the writer lock and notices edits made outside novelist.
package final class StoryStore {
    package let workspace: StoryWorkspace
    var fs: any FileSystem { workspace.fs }
    var log = HistoryLog()
    var known: [String: KnownFile] = [:]
    package private(set) var readOnly = false
    /// Tracked files that could not be read at the last look, with why.
    package internal(set) var unreadable: [String: String] = [:]
    /// Set by `noticeOutsideEdits`: it was novelist's first look at this story (every file taken as it is).
    package internal(set) var sawFirstLook = false
    package private(set) var lockHolder: Int32?
    /// The host the lock file names (information only).
    package private(set) var lockHost: String?
    /// This store's share of the flock(2) lock, nil when read-only or released.
    private var lockKey: String?
    private let pid: Int32
    private let now: () -> Date
    /// The versions in packs by hash (`ObjectPack`), read when first needed.
    var packed: [String: (pack: String, entry: ObjectPack.Entry)]?

    struct KnownFile: Codable, Equatable {
        var hash: String
        var stamp: FileStamp?
    }

    static let dir = ".novelist"
    static let historyFile = ".novelist/history.json"
    static let hashesFile = ".novelist/hashes.json"
    static let lockFile = ".novelist/lock"

    /// Opens the store: takes the lock (or opens read-only), finishes or rolls back an interrupted change.
    /// `pid` is only written into the lock file as information; `isAlive` is not used any more (the lock is
    /// flock(2), released by the kernel when its process dies) and kept so that callers need not change.
    package init(
        workspace: StoryWorkspace, pid: Int32 = getpid(), isAlive: (Int32) -> Bool = { _ in true }, now: @escaping () -> Date = Date.init
    ) throws(NovelistError) {
        self.workspace = workspace
        self.pid = pid
        self.now = now
        try fs.createDirectory(workspace.path("\(Self.dir)/objects"))
        try takeLock()
        if let text = try fs.read(workspace.path(Self.historyFile)) {
            guard let decoded = try? JSONDecoder().decode(HistoryLog.self, from: Data(text.utf8)) else {
                throw .badStoryFile(
                    file: "\(workspace.slug)/\(Self.historyFile)",
                    detail: Phrase("the history does not parse; move it aside to start a new one")
                )
            }
            log = decoded
        }
        // The history carries the hashes it was written with; hashes.json is read only for a history without them.
        if let lines = log.knownLines, let k = KnownFile.parse(lines) {
            known = k
        } else if let k = log.known {
            known = k
        } else if let text = try fs.read(workspace.path(Self.hashesFile)),
            let decoded = try? JSONDecoder().decode([String: KnownFile].self, from: Data(text.utf8))
        {
            known = decoded
        }
        if !readOnly {
            try recover()
            // A history from before the line format is rewritten once (a cache of what was seen: best effort).
            if log.knownLines == nil && !known.isEmpty { try? save() }
            removeStaleTemporaryFiles()
            PandocLeftovers.clean(workspace)
        }
    }

    /// A write killed half-way leaves its hidden temporary file (`.<name>.novelist-XXXXXX`) behind; the
    /// story's files themselves are whole. The writer holding the lock removes such leftovers.
    private func removeStaleTemporaryFiles() {
        let bibleDirs = Set(BibleEntry.files(workspace).map { String($0[..<$0.lastIndex(of: "/")!]) }).union([BibleEntry.folder])
        for dir in ["", StoryWorkspace.chaptersDir, Self.dir, StoryWorkspace.exportDir] + bibleDirs.sorted() {
            let folder = dir.isEmpty ? workspace.root : workspace.path(dir)
            for name in fs.list(folder) where name.hasPrefix(".") && name.range(of: ".novelist-") != nil {
                try? fs.remove(folder + "/" + name)
            }
        }
    }

    deinit { releaseLock() }

    // MARK: Lock

    private func takeLock() throws(NovelistError) {
        switch try fs.acquireLock(workspace.path(Self.lockFile), pid: pid) {
        case .held(let key):
            lockKey = key
        case .heldElsewhere(let holder, let host):
            readOnly = true
            lockHolder = holder
            lockHost = host
        }
    }

    package func releaseLock() {
        if let lockKey { fs.releaseLock(lockKey) }
        lockKey = nil
    }

    // MARK: Files

    /// The files novelist keeps history for.
    package func trackedFiles() -> [String] {
        var files = [StoryWorkspace.storyFile, StoryWorkspace.outlineFile, StoryThread.file]
        files += fs.list(workspace.path(StoryWorkspace.chaptersDir)).filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.map {
            "\(StoryWorkspace.chaptersDir)/\($0)"
        }
        files += BibleEntry.files(workspace)
        return files.filter { fs.exists(workspace.path($0)) }
    }

    func objectPath(_ hash: String) -> String {
        workspace.path("\(Self.dir)/objects/\(hash.prefix(2))/\(hash.dropFirst(2))")
    }

    /// Stores a content once, by its hash.
    @discardableResult
    func store(_ content: String) throws(NovelistError) -> String {
        let hash = SHA256.hex(content)
        if !isStored(hash) { try fs.writeAtomically(objectPath(hash), content) }
        return hash
    }

    /// A stored content by its hash: a single file, else a pack's.
    package func content(ofHash hash: String) throws(NovelistError) -> String {
        if let text = try fs.read(objectPath(hash)) { return text }
        guard let text = try packedContent(ofHash: hash) else {
            throw .badStoryFile(
                file: "\(workspace.slug)/\(Self.dir)/objects", detail: Phrase("a stored version (%@) is missing", String(hash.prefix(12))))
        }
        return text
    }

    func currentHash(_ rel: String) throws(NovelistError) -> String? {
        try fs.read(workspace.path(rel)).map { SHA256.hex($0) }
    }

    func writeFile(_ rel: String, hash: String?) throws(NovelistError) {
        if let hash {
            try fs.writeAtomically(workspace.path(rel), try content(ofHash: hash))
        } else {
            try fs.remove(workspace.path(rel))
        }
    }

    func save() throws(NovelistError) {
        guard let texts = savedTexts() else { return }
        try write(texts)
    }

    /// history.json and hashes.json as `save()` writes them.
    typealias SavedTexts = (history: String, hashes: String)

    /// The texts of history.json and hashes.json for the history and known files as they are now.
    func savedTexts() -> SavedTexts? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        log.known = nil
        log.knownLines = KnownFile.lines(known)
        guard let logData = try? encoder.encode(log) else { return nil }
        return (String(decoding: logData, as: UTF8.self), KnownFile.json(known))
    }

    func write(_ texts: SavedTexts) throws(NovelistError) {
        try fs.writeAtomically(workspace.path(Self.historyFile), texts.history)
        try fs.writeAtomically(workspace.path(Self.hashesFile), texts.hashes)
    }

    /// - Parameter stamp: the file's stamp when it was read (else it is taken now, after a write).
    func remember(_ rel: String, hash: String?, stamp: FileStamp?? = nil) {
        if let hash {
            known[rel] = KnownFile(hash: hash, stamp: stamp ?? fs.fileStamp(workspace.path(rel)))
        } else {
            known.removeValue(forKey: rel)
        }
    }

    // MARK: Recovery

    /// After a crash: a pending change is rolled back; an undo or redo in progress is finished.
    /// Puts a file of an interrupted change in `target` state — but only when it is in one of the change's two
    /// states. Anything else is an edit made since (after the crash, before this start): it is left as it is,
    /// and the next look records it as an outside edit.
    private func settle(_ f: FileVersion, to target: String?) throws(NovelistError) {
        let current = try currentHash(f.path)
        guard current == f.before || current == f.after else { return }
        if current != target { try writeFile(f.path, hash: target) }
        remember(f.path, hash: target)
    }

    private func recover() throws(NovelistError) {
        var changed = false
        for i in log.entries.indices {
            let entry = log.entries[i]
            switch entry.state {
            case .done: continue
            case .pending:
                for f in entry.files { try settle(f, to: f.before) }
                log.entries.remove(at: i)
                log.position = min(log.position, i)
                changed = true
            case .undoing:
                for f in entry.files { try settle(f, to: f.before) }
                log.entries[i].state = .done
                log.position = i
                changed = true
            case .redoing:
                for f in entry.files { try settle(f, to: f.after) }
                log.entries[i].state = .done
                log.position = i + 1
                changed = true
            }
            break
        }
        if changed { try save() }
    }

    func appendEntry(_ entry: HistoryEntry) {
        var entry = entry
        entry.id = log.nextID
        entry.time = StoredTime.string(now())
        log.nextID += 1
        let left = log.entries[log.position...]
        if !left.isEmpty { log.abandoned = (log.abandoned ?? []) + left }
        log.entries.removeSubrange(log.position...)
        log.entries.append(entry)
        log.position = log.entries.count
    }

    // MARK: Changes

    /// Applies a change to one or more files, all or nothing, recorded in history before it happens.
    /// Every file must still be what novelist last saw (call `noticeOutsideEdits` first).
    /// A read-only file (chmod 444) is written only when it is in `allowingReadOnly` (the writer said yes twice).
    /// `fromModel`: the change carries the model's text (an accepted proposal), so it is not counted as the
    /// writer's own in `/stats`.
    package func apply(_ message: Phrase, _ edits: [FileEdit], allowingReadOnly: Set<String> = [], fromModel: Bool = false)
        throws(NovelistError)
    {
        try apply(message: message.english, phrase: message, edits, allowingReadOnly: allowingReadOnly, fromModel: fromModel)
    }

    func apply(message: String, phrase: Phrase?, _ edits: [FileEdit], allowingReadOnly: Set<String>, fromModel: Bool)
        throws(NovelistError)
    {
        guard !readOnly else { throw .readOnly(holder: lockHolder) }
        for edit in edits where !allowingReadOnly.contains(edit.path) && fs.isReadOnly(workspace.path(edit.path)) {
            throw .readOnlyFile(path: edit.path)
        }
        guard Set(edits.map(\.path)).count == edits.count else {
            throw .badName(edits.map(\.path).joined(separator: ", "), reason: Phrase("one change names the same file twice"))
        }
        var versions: [FileVersion] = []
        for edit in edits {
            try Self.validateRelative(edit.path)
            let before = try currentHash(edit.path)
            if before != known[edit.path]?.hash {
                // The stamp may not have changed (coarse clocks, cp -p): forget it so the next look reads the file.
                known[edit.path]?.stamp = nil
                throw .changedOutside(path: edit.path)
            }
            // The file keeps its line endings and byte-order mark.
            let oldText = before == nil ? nil : try fs.read(workspace.path(edit.path))
            let after = try edit.content.map { (t: String) throws(NovelistError) -> String in try store(FileStyle.match(t, like: oldText)) }
            if before == after { continue }
            versions.append(FileVersion(path: edit.path, before: before, after: after))
        }
        guard !versions.isEmpty else { return }
        let saved = log
        appendEntry(
            HistoryEntry(
                id: 0, time: "", message: message, phrase: phrase, kind: "change", files: versions, state: .pending,
                origin: fromModel ? "model" : nil))
        do {
            try save()
        } catch {
            log = saved  // the journal could not be written: nothing happens, and memory agrees with disk
            throw error
        }
        do {
            for v in versions {
                try writeFile(v.path, hash: v.after)
            }
        } catch {
            // Put back what was written; the entry is removed.
            for v in versions { try? writeFile(v.path, hash: v.before) }
            log = saved
            try? save()
            throw error
        }
        for v in versions { remember(v.path, hash: v.after) }
        log.entries[log.entries.count - 1].state = .done
        try save()
    }

    /// Undoes the latest applied entry; nil when there is nothing to undo.
    package func undo() throws(NovelistError) -> HistoryEntry? {
        guard !readOnly else { throw .readOnly(holder: lockHolder) }
        guard log.position > 0 else { return nil }
        let i = log.position - 1
        let entry = log.entries[i]
        for f in entry.files where try currentHash(f.path) != f.after {
            throw .changedOutside(path: f.path)
        }
        for f in entry.files where fs.isReadOnly(workspace.path(f.path)) { throw .readOnlyFile(path: f.path) }
        log.entries[i].state = .undoing
        do { try save() } catch {
            log.entries[i].state = .done
            throw error
        }
        for f in entry.files {
            try writeFile(f.path, hash: f.before)
            remember(f.path, hash: f.before)
        }
        log.entries[i].state = .done
        log.position = i
        try save()
        return entry
    }

    /// Redoes the entry undone last; nil when there is nothing to redo.
    package func redo() throws(NovelistError) -> HistoryEntry? {
        guard !readOnly else { throw .readOnly(holder: lockHolder) }
        guard log.position < log.entries.count else { return nil }
        let i = log.position
        let entry = log.entries[i]
        for f in entry.files where try currentHash(f.path) != f.before {
            throw .changedOutside(path: f.path)
        }
        for f in entry.files where fs.isReadOnly(workspace.path(f.path)) { throw .readOnlyFile(path: f.path) }
        log.entries[i].state = .redoing
        do { try save() } catch {
            log.entries[i].state = .done
            throw error
        }
        for f in entry.files {
            try writeFile(f.path, hash: f.after)
            remember(f.path, hash: f.after)
        }
        log.entries[i].state = .done
        log.position = i + 1
        try save()
        return entry
    }

    /// The entries, oldest first, and how many of them are applied.
    package var history: (entries: [HistoryEntry], position: Int) { (log.entries, log.position) }

    /// A path inside the story folder, relative, with no way out of it.
    static func validateRelative(_ rel: String) throws(NovelistError) {
        let parts = rel.split(separator: "/", omittingEmptySubsequences: false)
        guard !rel.hasPrefix("/"), !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
            !rel.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { throw .badName(rel, reason: Phrase("it is not a path inside the story folder")) }
    }

    /// The net length the writer added to chapter files per day, from the applied history (`length` measures a
    /// file's text). Changes that carry the model's text (accepted proposals) are not the writer's: left out.
    package func writtenPerDay(unitOf length: (String) -> Int) throws(NovelistError) -> [(day: String, written: Int)] {
        var lengths: [String: Int] = [:]
        func measure(_ hash: String?) throws(NovelistError) -> Int {
            guard let hash else { return 0 }
            if let l = lengths[hash] { return l }
            let l = length(try content(ofHash: hash))
            lengths[hash] = l
            return l
        }
        var days: [String: Int] = [:]
        // Times are stored in UTC; a writer's day is their local one.
        for entry in log.entries.prefix(log.position) where entry.origin != "model" {
            let day = StoredTime.local(entry.time, dayOnly: true) ?? String(entry.time.prefix(10))
            for f in entry.files where f.path.hasPrefix(StoryWorkspace.chaptersDir + "/") {
                days[day, default: 0] += try measure(f.after) - measure(f.before)
            }
        }
        return days.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
