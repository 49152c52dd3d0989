import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// SplitMix64: a tiny, seedable PRNG so that property tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Array where Element == UInt8 {
    /// The bytes cut at `cuts` (offsets inside them): the network reads of a stream split there.
    func pieces(at cuts: Set<Int>) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var last = 0
        for cut in cuts.sorted() {
            pieces.append(Array(self[last..<cut]))
            last = cut
        }
        pieces.append(Array(self[last...]))
        return pieces
    }
}

/// A fresh folder under the system temporary directory, removed when `body` returns or throws.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("novelist-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}

/// Writes `files` (paths relative to `root`) with the real file system, for tests that need a story folder.
func writeFiles(_ files: [String: String], under root: String) throws {
    let fs = LocalFileSystem()
    for (path, text) in files { try fs.writeAtomically(root + "/" + path, text) }
}
