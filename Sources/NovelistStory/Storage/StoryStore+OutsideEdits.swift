import Foundation
import NovelistText

extension StoryStore {
    // MARK: Outside edits

    /// Compares every tracked file with what novelist last saw. Changes are recorded in history as an
    /// outside edit (the old version stays recoverable) and returned, so the writer can be told.
    /// The first time a story is opened, every file is taken as it is.
    /// Only files whose stamp moved are read; they are read and hashed in parallel, and their new versions
    /// stored together with one sync (issue 19).
    /// - Parameter meanwhile: work to do while many new versions are made durable (the disk's sync runs on its
    ///   own thread): an open reads the story's facts from the texts just read instead of waiting idle.
    package func noticeOutsideEdits(meanwhile: (() -> Void)? = nil) throws(NovelistError) -> [OutsideEdit] {
        workspace.forgetStamps()
        let tracked = trackedFiles()
        let firstTime = known.isEmpty && log.entries.isEmpty
        sawFirstLook = firstTime && !readOnly && !tracked.isEmpty
        let knownBefore = known
        var versions: [FileVersion] = []
        var edits: [OutsideEdit] = []
        // The tracked files and the ones known from before (deleted since), by bytes: String's own hashing and
        // ordering normalize every Chinese path.
        let trackedKeys = Set(tracked.map(ExactKey.init))
        let all = tracked + known.keys.filter { !trackedKeys.contains(ExactKey($0)) }
        let looked: [(rel: String, stamp: FileStamp?)] = all.sorted { $0.precedesByBytes($1) }.compactMap { rel in
            let stamp = fs.fileStamp(workspace.path(rel))
            if let k = known[rel], let stamp, k.stamp == stamp { return nil }
            return (rel, stamp)
        }
        let seen = read(looked.map(\.rel))
        // The digests that follow (titles, bible names) take these texts instead of reading the files again.
        workspace.digests.offer(
            zip(looked, seen).compactMap { file, result in
                guard let stamp = file.stamp, case .success(let found?) = result else { return nil }
                return (file.rel, stamp, found.text)
            })
        // What changed is worked out first and kept in memory only; history and the known files are written
        // after the new versions are durable, and put back as they were if storing them fails.
        let logBefore = log
        do throws(NovelistError) {
            for (i, (rel, stamp)) in looked.enumerated() {
                let text: String?
                let hash: String?
                switch seen[i] {
                case .failure(let error):
                    // An unreadable file (not UTF-8, no permission) is reported, not a reason to stop every command.
                    unreadable[rel] = error.message
                    continue
                case .success(let found):
                    (text, hash) = (found?.text, found?.hash)
                }
                unreadable.removeValue(forKey: rel)
                let old = known[rel]?.hash
                if hash == old {
                    remember(rel, hash: hash, stamp: stamp)
                    continue
                }
                if !firstTime && !readOnly {
                    let before =
                        try old.map { (h: String) throws(NovelistError) -> Int in TextLength.count(try content(ofHash: h)).total } ?? 0
                    let after = text.map { TextLength.count($0).total } ?? 0
                    versions.append(FileVersion(path: rel, before: old, after: hash))
                    edits.append(
                        OutsideEdit(path: rel, lengthBefore: before, lengthAfter: after, created: old == nil, deleted: hash == nil))
                }
                remember(rel, hash: hash, stamp: stamp)
            }
            // A read-only session (another novelist holds the lock) writes nothing, not even stored versions.
            if readOnly { return [] }
            if !versions.isEmpty {
                appendEntry(
                    HistoryEntry(
                        id: 0, time: "", message: "edited outside novelist", phrase: Phrase("edited outside novelist"), kind: "outside",
                        files: versions, state: .done))
            }
            let needsSave = !versions.isEmpty || known != knownBefore
            // The files' texts are made while the versions go to the disk (a first look's pack takes a while).
            var texts: SavedTexts?
            try storeNew(seen) {
                meanwhile?()
                if needsSave { texts = self.savedTexts() }
            }
            if needsSave, let texts = texts ?? savedTexts() { try write(texts) }
        } catch {
            known = knownBefore
            log = logBefore
            throw error
        }
        return edits
    }

    typealias Looked = Result<(text: String, hash: String)?, NovelistError>

    /// Each file's text and hash (nil: no such file), read on all cores when there are many.
    private func read(_ rels: [String]) -> [Looked] {
        let fs = self.fs
        let paths = rels.map(workspace.path)
        @Sendable func look(_ path: String) -> Looked {
            do throws(NovelistError) {
                return .success(try fs.read(path).map { ($0, SHA256.hex($0)) })
            } catch {
                return .failure(error)
            }
        }
        return paths.parallelMap(look)
    }

    /// Stores the versions not stored yet, all with one sync (in one pack when there are many).
    private func storeNew(_ seen: [Looked], meanwhile: @escaping () -> Void) throws(NovelistError) {
        var batch: [(hash: String, text: String)] = []
        var queued: Set<String> = []
        for case .success(let found?) in seen where queued.insert(found.hash).inserted {
            if !isStored(found.hash) { batch.append((found.hash, found.text)) }
        }
        try storeBatch(batch, meanwhile: meanwhile)
    }
}
