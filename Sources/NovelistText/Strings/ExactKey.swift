import Foundation

extension String {
    /// Ordering by UTF-8 bytes (memcmp): the same as String's `<` for text in NFC (file names, names novelist
    /// wrote), without normalizing every non-ASCII string on each comparison.
    package func precedesByBytes(_ other: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b -> Bool in
                let n = min(a.count, b.count)
                let c = n == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, n)
                return c != 0 ? c < 0 : a.count < b.count
            }
        }
        return (fast ?? nil) ?? utf8.lexicographicallyPrecedes(other.utf8)
    }

    /// Equality of the UTF-8 bytes (memcmp), without String's normalization of non-ASCII text.
    package func sameBytes(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        let fast = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b -> Bool in a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
        }
        return (fast ?? nil) ?? utf8.elementsEqual(other.utf8)
    }
}

extension Dictionary where Key == String {
    /// The entries in the order of their keys' UTF-8 bytes (`precedesByBytes`). The keys' bytes are copied once
    /// and indices sorted: sorting the entries themselves moved and retained every pair on each swap, and looking
    /// each key up again hashes a Chinese path with normalization (15,000 instructions an entry for 500 files).
    package func sortedByKeyBytes() -> [(key: String, value: Value)] { sorted(byBytesOf: { $0 }) }
}

extension Dictionary {
    /// The entries in the order of the UTF-8 bytes of `string(key)` (see `sortedByKeyBytes`).
    package func sorted(byBytesOf string: (Key) -> String) -> [(key: Key, value: Value)] {
        let entries = Array(self)
        let keys = entries.map { Array(string($0.key).utf8) }
        return keys.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }.map { entries[$0] }
    }
}

/// A string as a dictionary or set key compared and hashed by its UTF-8 bytes. `String`'s own hashing and
/// equality go through Unicode normalization for every non-ASCII string — a Chinese name costs hundreds of
/// instructions per lookup — which is needless for keys novelist itself wrote (names in its caches, paths).
package struct ExactKey: Hashable, Sendable {
    package let string: String

    package init(_ string: String) { self.string = string }

    package static func == (a: ExactKey, b: ExactKey) -> Bool {
        a.string.sameBytes(b.string)
    }

    package func hash(into hasher: inout Hasher) {
        if let done: Void = string.utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) {
            return done
        }
        for b in string.utf8 { hasher.combine(b) }
    }
}
