import Foundation
import NovelistText
import Synchronization

/// Many stored versions in one file (`.novelist/objects/pack-<id>.pack`): the first look at a big story stores
/// a version of every file, and creating 500 files and 200 folders was most of a first open's time (issue 19:
/// the file system's inode allocation). A pack is written like any new stored version — whole or absent after a
/// crash — and never changed; versions stored later are single files again (`objects/ab/cdef…`).
///
/// The format: a first line of exactly 32 bytes, `novelist pack 1 ` and the index's length in bytes as 15
/// digits; the index, one `<hash> <offset> <length>` line a version (offsets count from the end of the index);
/// then the versions' bytes, one after another. Every version read back is checked against its hash.
package enum ObjectPack {
    static let magic = "novelist pack 1 "
    static let headerLength = 32
    static let suffix = ".pack"
    static let prefix = "pack-"

    /// Where one version sits in a pack.
    struct Entry: Equatable {
        var offset: Int
        var length: Int
    }

    /// The pack's text for `objects` (hash and content; each hash once) in pieces: the header and index, then
    /// each version's text as it is (written one after another, never joined in memory).
    static func encode(_ objects: [(hash: String, text: String)]) -> [String] {
        var index = ""
        var offset = 0
        for o in objects {
            let length = o.text.utf8.count
            index += "\(o.hash) \(offset) \(length)\n"
            offset += length
        }
        let digits = String(index.utf8.count)
        return [magic + String(repeating: "0", count: 15 - digits.count) + digits + "\n" + index] + objects.map(\.text)
    }

    /// The pack's file name for its index: the same versions give the same name.
    static func name(for objects: [(hash: String, text: String)]) -> String {
        prefix + String(SHA256.hex(objects.map(\.hash).joined(separator: "\n")).prefix(16)) + suffix
    }

    /// The index's length from the first line; nil when it is not a pack's.
    static func indexLength(header bytes: [UInt8]) -> Int? {
        guard bytes.count == headerLength, bytes.starts(with: magic.utf8), bytes.last == UInt8(ascii: "\n") else { return nil }
        let digits = bytes[magic.utf8.count..<(headerLength - 1)]
        guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }

    /// The index's entries, with offsets from the start of the file; nil for anything malformed, and for an
    /// entry that does not lie inside a file of `fileSize` bytes (a damaged number must not become a read of
    /// terabytes or an overflow).
    static func entries(index bytes: [UInt8], fileSize: Int) -> [String: Entry]? {
        var out: [String: Entry] = [:]
        let base = headerLength + bytes.count
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count == 3, fields[0].count == 64,
                let offset = Int(String(decoding: fields[1], as: UTF8.self)), offset >= 0,
                let length = Int(String(decoding: fields[2], as: UTF8.self)), length >= 0
            else { return nil }
            let (start, over) = base.addingReportingOverflow(offset)
            let (end, over2) = start.addingReportingOverflow(length)
            guard !over, !over2, end <= fileSize else { return nil }
            out[String(decoding: fields[0], as: UTF8.self)] = Entry(offset: start, length: length)
        }
        return out
    }
}

extension StoryStore {
    /// Fewer new versions than this are stored as single files.
    static let packMinimum = 32

    var objectsFolder: String { workspace.path("\(Self.dir)/objects") }

    /// The versions held in packs, read from the packs' indexes the first time one is needed.
    func packedObjects() -> [String: (pack: String, entry: ObjectPack.Entry)] {
        if let packed { return packed }
        var found: [String: (pack: String, entry: ObjectPack.Entry)] = [:]
        for name in fs.list(objectsFolder) where name.hasPrefix(ObjectPack.prefix) && name.hasSuffix(ObjectPack.suffix) {
            let path = objectsFolder + "/" + name
            // A pack that cannot be read is as good as missing: what it held is reported missing when it is needed.
            guard let size = fs.fileStamp(path).map({ Int($0.size) }),
                let header = try? fs.readBytes(path, offset: 0, count: ObjectPack.headerLength),
                let length = ObjectPack.indexLength(header: header), length <= size - ObjectPack.headerLength,
                let index = try? fs.readBytes(path, offset: ObjectPack.headerLength, count: length), index.count == length,
                let entries = ObjectPack.entries(index: index, fileSize: size)
            else { continue }
            for (hash, entry) in entries where found[hash] == nil { found[hash] = (path, entry) }
        }
        packed = found
        return found
    }

    /// True when a version is stored, as a single file or in a pack.
    func isStored(_ hash: String) -> Bool {
        fs.exists(objectPath(hash)) || packedObjects()[hash] != nil
    }

    /// A version from a pack, checked against its hash; nil when no pack holds it or its bytes are not it.
    func packedContent(ofHash hash: String) throws(NovelistError) -> String? {
        guard let (pack, entry) = packedObjects()[hash],
            let bytes = try fs.readBytes(pack, offset: entry.offset, count: entry.length), bytes.count == entry.length,
            let text = bytes.withUnsafeBufferPointer(String.init(validatingUTF8:)), SHA256.hex(text) == hash
        else { return nil }
        return text
    }

    /// Stores new versions (none of them stored yet) with one sync: in one pack when there are many. A pack is
    /// written and synced on a thread of its own while `meanwhile` runs here; either way nothing returns before
    /// every version is durable (the history that names them is written after).
    func storeBatch(_ objects: [(hash: String, text: String)], meanwhile: (() -> Void)? = nil) throws(NovelistError) {
        guard !objects.isEmpty else { return }
        let fs = self.fs
        let scratch = workspace.path(Self.dir)
        guard objects.count >= Self.packMinimum else {
            try fs.writeNewFiles(objects.map { (objectPath($0.hash), [$0.text]) }, scratch: scratch)
            return
        }
        let file = (path: objectsFolder + "/" + ObjectPack.name(for: objects), pieces: ObjectPack.encode(objects))
        packed = nil  // read again when next needed
        guard let meanwhile else { return try fs.writeNewFiles([file], scratch: scratch) }
        let outcome = Mutex<Result<Void, NovelistError>?>(nil)
        let finished = DispatchSemaphore(value: 0)
        let writer = Thread {
            let result: Result<Void, NovelistError>
            do throws(NovelistError) {
                try fs.writeNewFiles([file], scratch: scratch)
                result = .success(())
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            finished.signal()
        }
        writer.start()
        meanwhile()
        finished.wait()
        try outcome.withLock { $0 }?.get()
    }
}
