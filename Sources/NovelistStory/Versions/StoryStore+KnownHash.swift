import Foundation
import NovelistText

extension StoryStore {
    /// The content hash of a tracked file as last recorded, when the file has not changed since (the same
    /// stamp): what the appearance index keys chapters by, without hashing every chapter again (issue 15).
    package func knownHash(_ rel: String) -> String? {
        guard let k = known[rel], let stamp = k.stamp, fs.fileStamp(workspace.path(rel)) == stamp else { return nil }
        return k.hash
    }
}

extension StoryStore.KnownFile {
    /// The known files as `hashes.json` holds them (what JSONDecoder reads back as `[String: KnownFile]`), written
    /// directly: JSONEncoder took 8 ms of a first open for 500 files, and `save` runs after every change.
    static func json(_ known: [String: Self]) -> String {
        var w = JSONObjectWriter(capacity: known.count * 160)
        for (path, k) in known.sortedByKeyBytes() {
            w.object(named: path) { file in
                file.string("hash", k.hash)
                if let stamp = k.stamp {
                    file.object("stamp") { s in
                        if let inode = stamp.inode { s.raw("inode", String(inode)) }
                        s.raw("modifiedNanoseconds", String(stamp.modifiedNanoseconds))
                        s.raw("size", String(stamp.size))
                    }
                }
            }
        }
        return w.finished()
    }

    /// The known files as lines: path, hash, size, modification time in ns, inode (`-` for what is not known),
    /// in path order, and an end line with the count.
    static func lines(_ known: [String: Self]) -> String {
        var out = ""
        for (path, k) in known.sortedByKeyBytes() {
            out += TabFields.line([path, k.hash] + (k.stamp?.fields ?? ["-", "-", "-"]))
            out += "\n"
        }
        return out + TabFields.line(["end", String(known.count)]) + "\n"
    }

    /// The known files read back from `lines`; nil for anything else (then the older forms are read).
    static func parse(_ text: String) -> [String: Self]? {
        var out: [String: Self] = [:]
        let lines = text.lineSlices()
        out.reserveCapacity(lines.count)
        for line in lines where !line.isEmpty {
            let f = TabFields.fields(line)
            if f.count == 2, f[0] == "end" { return Int(f[1]) == out.count ? out : nil }
            guard f.count == 5 else { return nil }
            // No stamp at all is three `-`; anything else must be a whole stamp.
            let stamp = FileStamp(fields: f[2..<5])
            guard stamp != nil || f[2...] == ["-", "-", "-"] else { return nil }
            out[f[0]] = Self(hash: f[1], stamp: stamp)
        }
        return nil
    }
}
