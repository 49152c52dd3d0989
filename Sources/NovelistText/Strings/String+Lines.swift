import Foundation

extension StringProtocol {
    /// The lines between "\n"s, empty ones included: what `split(separator: "\n", omittingEmptySubsequences: false)`
    /// gives for a text without "\r" (normalize first), found by `memchr` on the UTF-8 bytes instead of by
    /// grapheme breaking, which cost most of an export (issue 19). A line break is always a grapheme boundary
    /// once there is no "\r", so the slices are the same. Inlinable: specialized where it is called (generic, every
    /// index step and slice went through a protocol witness: 1,200 instructions a line of an export).
    @inlinable package func lineSlices() -> [SubSequence] {
        let u = utf8
        let ends: [Int]? = u.withContiguousStorageIfAvailable { buffer in
            var ends: [Int] = []
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return ends }
            var offset = 0
            while offset < buffer.count, let hit = memchr(base + offset, 10, buffer.count - offset) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                ends.append(at)
                offset = at + 1
            }
            return ends
        }
        guard let ends else { return split(separator: "\n", omittingEmptySubsequences: false) }
        var out: [SubSequence] = []
        out.reserveCapacity(ends.count + 1)
        var start = startIndex
        var startOffset = 0
        for end in ends {
            let endIndex = u.index(start, offsetBy: end - startOffset)
            out.append(self[start..<endIndex])
            start = u.index(after: endIndex)
            startOffset = end + 1
        }
        out.append(self[start..<endIndex])
        return out
    }

    /// `hasPrefix` on the UTF-8 bytes: no canonical-equivalence comparison (which is what String's costs).
    /// Inlinable: specialized in the caller's module (generic, it was 320 instructions a call).
    @inlinable package func hasBytePrefix(_ prefix: StaticString) -> Bool {
        let u = utf8
        var i = u.startIndex
        for k in 0..<prefix.utf8CodeUnitCount {
            guard i < u.endIndex, u[i] == prefix.utf8Start[k] else { return false }
            u.formIndex(after: &i)
        }
        return true
    }

    /// Whether the UTF-8 bytes hold `byte` (`memchr`).
    @inlinable package func containsByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { b in !b.isEmpty && memchr(b.baseAddress!, Int32(byte), b.count) != nil }
            ?? utf8.contains(byte)
    }

    /// The byte offset of the first occurrence of `needle`'s UTF-8 bytes, nil when there is none:
    /// an exact search without Foundation's bridging to UTF-16 (only the order of offsets means anything).
    package func byteOffset(of needle: String) -> Int? {
        guard !needle.isEmpty else { return nil }
        var haystack = String(self)  // a String is not copied; withUTF8 makes one contiguous if it is not
        var needle = needle
        return haystack.withUTF8 { hb in
            needle.withUTF8 { nb -> Int? in
                guard let h = hb.baseAddress, let n = nb.baseAddress, hb.count >= nb.count else { return nil }
                // The first byte by memchr, the rest by memcmp (Glibc's module does not export memmem).
                var at = 0
                let last = hb.count - nb.count
                while at <= last, let hit = memchr(h + at, Int32(n[0]), last - at + 1) {
                    let i = h.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(h + i, n, nb.count) == 0 { return i }
                    at = i + 1
                }
                return nil
            }
        }
    }
}
